import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from '../../functions/blobs/blob-store.js';
import { s3BlobStore } from '../../functions/blobs/s3-blob-store.js';
import { type LocalS3, SPA_ORIGIN as ORIGIN, startLocalS3, TEST_BUCKET as BUCKET, uploadForm } from './local-s3-server.js';

let s3: LocalS3;
let endpoint: string;
let store: BlobStore;
const setSkew = (ms: number) => s3.skew(ms);

beforeAll(async () => {
  s3 = await startLocalS3({ partBytes: 5 * 1024 * 1024 });
  endpoint = s3.endpoint;
  store = s3.store;
});

afterAll(async () => s3.stop());

async function* chunksOf(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Changes the last hex digit, always to another one. */
const flipLast = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;

const formFor = (upload: { fields: Record<string, string> }, file: Blob, change?: (form: Map<string, string>) => void) =>
  uploadForm(upload.fields, file, change);

describe('the local S3 stand-in, driven by the real S3 client', () => {
  it('stores, heads, reads and deletes an object under the path prefix', async () => {
    await store.putStream('exports/a.zip', chunksOf(Buffer.from('hello zip'), 3), { contentType: 'application/zip' });
    expect(await store.head('exports/a.zip')).toEqual({ sizeBytes: 9, contentType: 'application/zip' });
    expect(Buffer.from((await store.get('exports/a.zip')) ?? []).toString()).toBe('hello zip');
    await store.delete('exports/a.zip');
    expect(await store.head('exports/a.zip')).toBeUndefined();
    expect(await store.get('exports/a.zip')).toBeUndefined();
    await store.delete('exports/a.zip');
  });

  it('writes a large stream as a multipart upload and reads back the same bytes', async () => {
    const bytes = Buffer.alloc(12 * 1024 * 1024 + 17);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const { sizeBytes } = await store.putStream('exports/big.zip', chunksOf(bytes, 1024 * 1024), { contentType: 'application/zip' });
    expect(sizeBytes).toBe(bytes.length);
    expect(Buffer.from((await store.get('exports/big.zip')) ?? []).equals(bytes)).toBe(true);
  });

  it('refuses a request signed with another secret', async () => {
    const intruder = s3BlobStore(
      new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'guessed' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
      }),
      { bucket: BUCKET, clock: { now: () => new Date() } },
    );
    await expect(intruder.get('anything')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
  });
});

describe('browser POST uploads through a presigned policy', () => {
  const key = 'attachments/DOC/ATT1';
  const upload = () => store.presignUpload(key, { contentType: 'text/plain', sizeBytes: 5, expiresInSeconds: 60 });

  it('accepts the declared file and stores it with its content type', async () => {
    const presigned = await upload();
    expect(presigned.url).toBe(`${endpoint}/${BUCKET}`);
    const res = await fetch(presigned.url, { method: 'POST', body: formFor(presigned, new Blob(['hello'])), headers: { origin: ORIGIN } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await store.head(key)).toEqual({ sizeBytes: 5, contentType: 'text/plain' });
  });

  it('refuses a bigger or smaller file than declared', async () => {
    const presigned = await upload();
    const big = await fetch(presigned.url, { method: 'POST', body: formFor(presigned, new Blob(['hello!'])) });
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('<Code>EntityTooLarge</Code>');
    const small = await fetch(presigned.url, { method: 'POST', body: formFor(presigned, new Blob(['hi'])) });
    expect(small.status).toBe(400);
    expect(await small.text()).toContain('<Code>EntityTooSmall</Code>');
  });

  it('refuses another content type, another key or an extra field', async () => {
    const presigned = await upload();
    for (const change of [
      (f: Map<string, string>) => f.set('Content-Type', 'text/html'),
      (f: Map<string, string>) => f.set('key', 'attachments/DOC/OTHER'),
      (f: Map<string, string>) => f.set('acl', 'public-read'),
    ]) {
      const res = await fetch(presigned.url, { method: 'POST', body: formFor(presigned, new Blob(['hello']), change) });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    }
  });

  it('refuses a tampered policy or signature and an expired policy', async () => {
    const presigned = await upload();
    const tampered = await fetch(presigned.url, {
      method: 'POST',
      body: formFor(presigned, new Blob(['hello']), (f) => f.set('X-Amz-Signature', flipLast(f.get('X-Amz-Signature') ?? ''))),
    });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
    const widened = JSON.parse(Buffer.from(presigned.fields.Policy ?? '', 'base64').toString()) as { conditions: unknown[] };
    widened.conditions = widened.conditions.map((c) => (Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 0, 1e9] : c));
    const forged = await fetch(presigned.url, {
      method: 'POST',
      body: formFor(presigned, new Blob(['hello, bigger']), (f) => f.set('Policy', Buffer.from(JSON.stringify(widened)).toString('base64'))),
    });
    expect(forged.status).toBe(403);
    setSkew(61_000);
    try {
      const expired = await fetch(presigned.url, { method: 'POST', body: formFor(presigned, new Blob(['hello'])) });
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('Policy expired');
    } finally {
      setSkew(0);
    }
  });

  it('answers the CORS preflight of the SPA origin only', async () => {
    const ok = await fetch(`${endpoint}/${BUCKET}`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const other = await fetch(`${endpoint}/${BUCKET}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('presigned downloads', () => {
  const key = 'attachments/DOC/ATT2';
  beforeAll(async () => {
    await store.putStream(key, chunksOf(Buffer.from('report body'), 64), { contentType: 'text/plain' });
  });

  it('serves the object as an attachment with its file name', async () => {
    const link = await store.presignDownload(key, { fileName: 'Rapport été.txt', expiresInSeconds: 60 });
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('report body');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Rapport _t_.txt"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.txt`);
  });

  it('refuses an expired link and a tampered one', async () => {
    const link = await store.presignDownload(key, { fileName: 'a.txt', expiresInSeconds: 60 });
    const tampered = await fetch(link.url.replace(/ATT2/, 'ATT1'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
    setSkew(61_000);
    try {
      const expired = await fetch(link.url);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('Request has expired');
    } finally {
      setSkew(0);
    }
  });

  it('refuses an unsigned read', async () => {
    const res = await fetch(`${endpoint}/${BUCKET}/${key}`);
    expect(res.status).toBe(403);
  });
});
