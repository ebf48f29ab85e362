/**
 * The one HTTP origin of the local runtime, as CloudFront is the one origin in AWS: it
 * sends `/api/*` to the HTTP API stand-in, `/oidc/*` to the identity provider, the
 * loopback AWS endpoints under `/_local/*` to the queue, bus and user pool, and everything else to
 * the SPA. `/_local/s3` is the blob bucket, on the same origin so presigned links work from the browser. Listens on loopback only: nothing here is meant to be reachable from the network.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalLog } from './log.js';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

export interface LocalRoutes {
  api: Handler;
  /** Returns false when the request is not one of its pages. */
  interactions: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  oidc: (req: IncomingMessage, res: ServerResponse) => unknown;
  sqs: Handler;
  events: Handler;
  cognito: Handler;
  s3: Handler;
  state: Handler;
  spa: Handler;
}

export const LOCAL_PATHS = {
  sqs: '/_local/sqs',
  events: '/_local/events',
  cognito: '/_local/cognito',
  s3: '/_local/s3',
  state: '/_local/state',
  oidc: '/oidc',
} as const;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function createLocalServer(log: LocalLog) {
  let routes: LocalRoutes | undefined;

  async function dispatch(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    if (!routes) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('The local runtime is starting.\n');
      return;
    }
    if (under(path, '/api')) return routes.api(req, res, url);
    if (under(path, LOCAL_PATHS.oidc)) {
      if (await routes.interactions(req, res, path)) return;
      // oidc-provider routes relative to its mount point and reads the prefix from originalUrl.
      Object.assign(req, { originalUrl: req.url, url: (req.url ?? '').slice(LOCAL_PATHS.oidc.length) || '/' });
      return routes.oidc(req, res);
    }
    if (under(path, LOCAL_PATHS.sqs)) return routes.sqs(req, res, url);
    if (under(path, LOCAL_PATHS.events)) return routes.events(req, res, url);
    if (under(path, LOCAL_PATHS.cognito)) return routes.cognito(req, res, url);
    if (under(path, LOCAL_PATHS.s3)) return routes.s3(req, res, url);
    if (path === LOCAL_PATHS.state) return routes.state(req, res, url);
    return routes.spa(req, res, url);
  }

  const server: Server = createServer((req, res) => {
    dispatch(req, res).catch((error: Error) => {
      log.error(`${req.method} ${req.url} failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    /** Starts listening; port 0 picks a free one. */
    listen(port: number): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
          reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is in use. Stop the other process or start with --port <another>.`) : error),
        );
        server.listen(port, '127.0.0.1', () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    /** Routes are attached once every part has started; until then requests get 503. */
    route(next: LocalRoutes) {
      routes = next;
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
