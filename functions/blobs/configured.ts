/**
 * The blob store a function's configuration asks for: S3 (or the local stand-in) when the
 * function has a bucket, else one that fails loudly on use, since a function without
 * `BLOB_BUCKET` was not granted any bucket and a call from it is a wiring bug. The S3 SDK
 * loads on the first call, not at cold start: most API requests never touch a file.
 */
import type { Config } from '../platform/config.js';
import type { Clock } from '../platform/ports.js';
import type { BlobStore } from './blob-store.js';

export function blobStoreFor(config: Pick<Config, 'BLOB_BUCKET' | 'S3_ENDPOINT'>, clock: Clock): BlobStore {
  const bucket = config.BLOB_BUCKET;
  let loaded: Promise<BlobStore> | undefined;
  const store = (): Promise<BlobStore> => {
    if (!bucket) return Promise.reject(new Error('BLOB_BUCKET is not set: this function has no access to the bucket.'));
    loaded ??= import('./s3-blob-store.js').then(({ createS3Client, s3BlobStore }) => s3BlobStore(createS3Client(config.S3_ENDPOINT), { bucket, clock }));
    return loaded;
  };
  return {
    presignUpload: async (key, options) => (await store()).presignUpload(key, options),
    presignDownload: async (key, options) => (await store()).presignDownload(key, options),
    head: async (key) => (await store()).head(key),
    get: async (key) => (await store()).get(key),
    putStream: async (key, chunks, options) => (await store()).putStream(key, chunks, options),
    delete: async (key) => (await store()).delete(key),
  };
}
