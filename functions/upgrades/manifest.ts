/**
 * A channel's release manifest: the file an installation polls to learn of new versions
 * (published by `npm run release` beside each region's template). Read from https in AWS,
 * from a file or a loopback URL locally. The read is bounded in time and size, and a
 * manifest that does not parse is a failed check, recorded as such: never a thrown error
 * that would retry a broken file forever.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isVersion } from './version.js';

export const UPDATE_CHANNELS = ['canary', 'beta', 'stable'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

const version = z.string().max(64).refine(isVersion, 'must be a semantic version, e.g. 1.4.0');

export const manifestSchema = z.object({
  channel: z.enum(UPDATE_CHANNELS),
  version,
  /** The release's CloudFormation template, in the vendor's release bucket of this region. */
  templateUrl: z.url({ protocol: /^https$/ }).max(1024),
  /** Markdown, shown to admins as is (the SPA sanitizes it). */
  releaseNotes: z.string().max(20_000),
  /** The oldest version that may upgrade straight to this one; older ones take an intermediate release first. */
  minimumUpgradableVersion: version,
  /** `sha256:<hex>` of the template, as the release build computed it. */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  publishedAt: z.iso.datetime(),
});
export type ReleaseManifest = z.infer<typeof manifestSchema>;

/** A manifest is a few KB; anything much larger is not one. */
export const MAX_MANIFEST_BYTES = 64 * 1024;
export const MANIFEST_TIMEOUT_MS = 5_000;

export type ManifestRead = { ok: true; manifest: ReleaseManifest } | { ok: false; error: string };

export interface ManifestSource {
  read(): Promise<ManifestRead>;
}

export interface ManifestSourceOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** The fetch to use (tests pass their own). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The manifest at `location`: an https URL, a loopback http URL (the local runtime) or a file: URL. */
export function manifestSource(location: string, options: ManifestSourceOptions = {}): ManifestSource {
  const maxBytes = options.maxBytes ?? MAX_MANIFEST_BYTES;
  const timeoutMs = options.timeoutMs ?? MANIFEST_TIMEOUT_MS;
  return {
    async read() {
      let text: string;
      try {
        text = location.startsWith('file:')
          ? await readBoundedFile(location, maxBytes)
          : await fetchBounded(location, { maxBytes, timeoutMs, fetch: options.fetch ?? fetch });
      } catch (error) {
        return { ok: false, error: `Could not read the manifest at ${location}: ${(error as Error).message}` };
      }
      return parseManifest(text, location);
    },
  };
}

export function parseManifest(text: string, location = 'the manifest'): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `${location} is not JSON.` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${location} is not a release manifest: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim() };
  }
  return { ok: true, manifest: parsed.data };
}

async function readBoundedFile(url: string, maxBytes: number): Promise<string> {
  const path = fileURLToPath(url);
  const size = (await stat(path)).size;
  if (size > maxBytes) throw new Error(`the file has ${size} bytes, more than the ${maxBytes} a manifest may have`);
  return readFile(path, 'utf8');
}

async function fetchBounded(url: string, options: { maxBytes: number; timeoutMs: number; fetch: typeof fetch }): Promise<string> {
  const parsed = new URL(url);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  // Plain http only to this machine (the local runtime); everything else must be TLS.
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) throw new Error('only https URLs (or http on localhost) are read');
  const response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > options.maxBytes) throw new Error(`the response has ${declared} bytes, more than the ${options.maxBytes} a manifest may have`);
  // Counted while reading too: a server may send no length, or a wrong one.
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > options.maxBytes) {
      await reader.cancel();
      throw new Error(`the response is larger than the ${options.maxBytes} bytes a manifest may have`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
