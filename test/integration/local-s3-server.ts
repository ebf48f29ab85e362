/**
 * The local S3 stand-in on a port of its own for a test file, with a blob store (the real
 * S3 adapter) pointed at it, files in a temporary directory and a clock the test can move
 * forward to expire links.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '../../functions/blobs/blob-store.js';
import { createS3Client, s3BlobStore } from '../../functions/blobs/s3-blob-store.js';
import { type BlobFiles, createBlobFiles } from '../../functions/local/blob-files.js';
import { createS3Endpoint } from '../../functions/local/s3-endpoint.js';

export const S3_PREFIX = '/_local/s3';
export const TEST_BUCKET = 'test-data';
export const SPA_ORIGIN = 'http://spa.localhost:3000';

export interface LocalS3 {
  endpoint: string;
  store: BlobStore;
  files: BlobFiles;
  /** Moves the stand-in's clock (not the signer's), so links expire without waiting. */
  skew(ms: number): void;
  stop(): Promise<void>;
}

export async function startLocalS3(options: { partBytes?: number } = {}): Promise<LocalS3> {
  const dir = mkdtempSync(join(tmpdir(), 'ownstack-s3-'));
  let skewMs = 0;
  const files = createBlobFiles(dir, [TEST_BUCKET]);
  const handler = createS3Endpoint({
    prefix: S3_PREFIX,
    files,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    allowedOrigins: [SPA_ORIGIN],
    now: () => new Date(Date.now() + skewMs),
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}${S3_PREFIX}`;
  return {
    endpoint,
    files,
    store: s3BlobStore(createS3Client(endpoint), { bucket: TEST_BUCKET, clock: { now: () => new Date() }, partBytes: options.partBytes }),
    skew(ms) {
      skewMs = ms;
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser's POST upload: the presigned fields (changed as the test likes), then the file, last. */
export function uploadForm(fields: Record<string, string>, file: Blob, change: (form: Map<string, string>) => void = () => {}): FormData {
  const entries = new Map(Object.entries(fields));
  change(entries);
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  form.append('file', file);
  return form;
}
