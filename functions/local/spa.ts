/**
 * Serves the built SPA the way CloudFront does in AWS: files from the build directory,
 * `index.html` for client-side routes, and `/config.json` (the runtime config the stack
 * writes at deploy time). Never serves a file outside the build directory. When the SPA
 * is not built yet, answers 503 with the command that builds it.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { type WebConfig, webConfigSchema } from '../system/web-config.js';
import { errorPage } from './oidc/pages.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'strict-origin-when-cross-origin' };

export function createSpaHandler(webRoot: string, config: WebConfig) {
  const root = resolve(webRoot);
  const configBody = JSON.stringify(webConfigSchema.parse(config));

  return function handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    if (url.pathname === '/config.json') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : configBody);
      return;
    }
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '10' });
      res.end(
        errorPage(
          'The web app is not built yet',
          `No ${index} was found. Run "npm run build:web" (or "npm start", which builds it) and reload. The API under /api works meanwhile.`,
        ),
      );
      return;
    }
    const file = fileFor(root, url.pathname);
    if (file) {
      sendFile(req, res, file, url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    // A path with an extension names a file: a miss is a 404, not the app shell.
    if (extname(url.pathname)) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
    sendFile(req, res, index, 'no-cache');
  };
}

function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = resolve(root, `.${decoded}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  if (!existsSync(candidate)) return undefined;
  const stat = statSync(candidate);
  if (stat.isDirectory()) {
    const nested = join(candidate, 'index.html');
    return existsSync(nested) ? nested : undefined;
  }
  return stat.isFile() ? candidate : undefined;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': cacheControl, 'content-length': statSync(file).size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
