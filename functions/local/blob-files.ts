/**
 * The local S3 stand-in's storage: objects as files under `<dataDir>/blobs/<bucket>/`,
 * each with a small metadata file; multipart parts under `.uploads/`. An object exists
 * once its metadata is renamed into place, so a crash mid-write never shows half an
 * object, as in S3. Keys are percent-encoded into one file name, so no key can climb out
 * of the directory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ObjectMeta {
  sizeBytes: number;
  contentType: string;
  etag: string;
  lastModified: string;
}

const fileName = (key: string) => encodeURIComponent(key).replace(/\./g, '%2E');

export function createBlobFiles(root: string, buckets: readonly string[]) {
  for (const bucket of buckets) {
    mkdirSync(join(root, bucket, 'data'), { recursive: true });
    mkdirSync(join(root, bucket, 'meta'), { recursive: true });
  }
  mkdirSync(join(root, '.uploads'), { recursive: true });
  const paths = (bucket: string, key: string) => ({
    data: join(root, bucket, 'data', fileName(key)),
    meta: join(root, bucket, 'meta', `${fileName(key)}.json`),
  });
  const uploadDir = (uploadId: string) => join(root, '.uploads', uploadId.replace(/[^A-Za-z0-9-]/g, ''));

  function writeAtomically(path: string, bytes: Buffer | string) {
    const temp = `${path}.${randomUUID()}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  }

  return {
    hasBucket: (bucket: string) => buckets.includes(bucket),

    put(bucket: string, key: string, body: Buffer, contentType: string, etag = createHash('md5').update(body).digest('hex')): ObjectMeta {
      const { data, meta } = paths(bucket, key);
      const record: ObjectMeta = { sizeBytes: body.byteLength, contentType, etag, lastModified: new Date().toUTCString() };
      writeAtomically(data, body);
      writeAtomically(meta, JSON.stringify(record));
      return record;
    },

    head(bucket: string, key: string): ObjectMeta | undefined {
      const { meta } = paths(bucket, key);
      return existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as ObjectMeta) : undefined;
    },

    read(bucket: string, key: string): Buffer {
      return readFileSync(paths(bucket, key).data);
    },

    delete(bucket: string, key: string) {
      const { data, meta } = paths(bucket, key);
      rmSync(meta, { force: true });
      rmSync(data, { force: true });
    },

    /** Keys present in a bucket, for tests and the state page. */
    keys(bucket: string): string[] {
      return readdirSync(join(root, bucket, 'meta'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => decodeURIComponent(f.slice(0, -'.json'.length)));
    },

    createUpload(bucket: string, key: string, contentType: string): string {
      const uploadId = randomUUID();
      mkdirSync(uploadDir(uploadId), { recursive: true });
      writeFileSync(join(uploadDir(uploadId), 'upload.json'), JSON.stringify({ bucket, key, contentType }));
      return uploadId;
    },

    upload(uploadId: string): { bucket: string; key: string; contentType: string } | undefined {
      const file = join(uploadDir(uploadId), 'upload.json');
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { bucket: string; key: string; contentType: string }) : undefined;
    },

    putPart(uploadId: string, partNumber: number, body: Buffer): string {
      writeAtomically(join(uploadDir(uploadId), `part-${partNumber}`), body);
      return createHash('md5').update(body).digest('hex');
    },

    /** Joins the named parts into the object; S3's multipart ETag is the MD5 of the parts' MD5s, dash, count. */
    completeUpload(uploadId: string, partNumbers: number[]): ObjectMeta {
      const upload = this.upload(uploadId);
      if (!upload) throw new Error('NoSuchUpload');
      const parts = partNumbers.map((n) => readFileSync(join(uploadDir(uploadId), `part-${n}`)));
      const digest = createHash('md5');
      for (const part of parts) digest.update(createHash('md5').update(part).digest());
      const meta = this.put(upload.bucket, upload.key, Buffer.concat(parts), upload.contentType, `${digest.digest('hex')}-${parts.length}`);
      rmSync(uploadDir(uploadId), { recursive: true, force: true });
      return meta;
    },

    hasPart: (uploadId: string, partNumber: number) => existsSync(join(uploadDir(uploadId), `part-${partNumber}`)),

    abortUpload(uploadId: string) {
      rmSync(uploadDir(uploadId), { recursive: true, force: true });
    },
  };
}

export type BlobFiles = ReturnType<typeof createBlobFiles>;
