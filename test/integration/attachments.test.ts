/**
 * Attachments end to end through the router on DynamoDB Local and the local S3 stand-in,
 * driven by the real S3 client: a browser-style upload through the presigned POST, the
 * policy's refusals, storage counted on completion (and at the quota's edge), download
 * links that work and then expire, deletion and purge freeing storage exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentPurgeConsumer } from '../../functions/attachments/purge-consumer.js';
import { domainEvent } from '../../functions/events/domain.js';
import type { User } from '../../functions/identity/domain.js';
import { type Harness, harness, itemsOf, outboxEvents } from './projects-harness.js';
import { type LocalS3, startLocalS3, uploadForm } from './local-s3-server.js';

let h: Harness;
let s3: LocalS3;
let owner: User;
let viewer: User;
let stranger: User;
let projectId: string;

beforeAll(async () => {
  [h, s3] = await Promise.all([harness('attachments'), startLocalS3()]);
  // The harness's services have no bucket configured; the router reads services per call.
  h.services.blobs = s3.store;
  [owner, viewer, stranger] = [await h.person(), await h.person(), await h.person()];
  projectId = await h.project(owner, 'Files', [['user', viewer.userId, 'viewer']]);
});
afterAll(async () => Promise.all([h.drop(), s3.stop()]));

const ROUTES = {
  list: 'GET /api/documents/{documentId}/attachments',
  create: 'POST /api/documents/{documentId}/attachments',
  complete: 'POST /api/documents/{documentId}/attachments/{attachmentId}/complete',
  download: 'GET /api/documents/{documentId}/attachments/{attachmentId}/download',
  remove: 'DELETE /api/documents/{documentId}/attachments/{attachmentId}',
};
const storageUsed = async () => (await h.services.usage.current()).storageBytes;

async function offer(as: User, documentId: string, file: { fileName?: string; contentType?: string; sizeBytes: number }) {
  return h.send(as, ROUTES.create, { params: { documentId }, body: { fileName: 'notes.txt', contentType: 'text/plain', ...file } });
}
async function postFile(upload: { url: string; fields: Record<string, string> }, content: string) {
  return fetch(upload.url, { method: 'POST', body: uploadForm(upload.fields, new Blob([content])) });
}
async function attach(as: User, documentId: string, content: string) {
  const offered = await offer(as, documentId, { sizeBytes: Buffer.byteLength(content) });
  expect(offered.status, JSON.stringify(offered.body)).toBe(201);
  expect((await postFile(offered.body.upload, content)).status).toBe(204);
  const done = await h.send(as, ROUTES.complete, { params: { documentId, attachmentId: offered.body.attachment.id } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body as { id: string; sizeBytes: number };
}

describe('uploading an attachment', () => {
  it('goes straight to the bucket through the presigned POST, then completes, counts storage and lists as ready', async () => {
    const doc = await h.document(owner, projectId, 'Upload');
    const before = await storageUsed();
    const offered = await offer(owner, doc.id, { fileName: 'plan.md', contentType: 'text/markdown', sizeBytes: 12 });
    expect(offered.status).toBe(201);
    expect(offered.body.attachment).toMatchObject({ fileName: 'plan.md', status: 'pending', sizeBytes: 12 });
    expect(Date.parse(offered.body.upload.expiresAt)).toBeGreaterThan(Date.now());
    expect(await storageUsed()).toBe(before);

    expect((await postFile(offered.body.upload, '# the plan\n\n')).status).toBe(204);
    const done = await h.send(owner, ROUTES.complete, { params: { documentId: doc.id, attachmentId: offered.body.attachment.id } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('ready');
    expect(await storageUsed()).toBe(before + 12);
    // Completing again changes nothing and counts nothing twice.
    expect((await h.send(owner, ROUTES.complete, { params: { documentId: doc.id, attachmentId: offered.body.attachment.id } })).status).toBe(200);
    expect(await storageUsed()).toBe(before + 12);

    const listed = await h.send(viewer, ROUTES.list, { params: { documentId: doc.id } });
    expect(listed.body.items.map((a: { fileName: string; status: string }) => [a.fileName, a.status])).toEqual([['plan.md', 'ready']]);
    const [stored] = await itemsOf(h, 'Attachment');
    expect(stored).toMatchObject({ pk: `DOC#${doc.id}#FILES`, schemaVersion: 1, key: `attachments/${doc.id}/${offered.body.attachment.id}` });
    expect(stored?.expiresAt).toBeUndefined();
    expect((await outboxEvents(h, 'attachment.ready')).length).toBe(1);
  });

  it('is refused by the bucket when the file is bigger or of another type than declared, and cannot then complete', async () => {
    const doc = await h.document(owner, projectId, 'Refusals');
    const offered = await offer(owner, doc.id, { sizeBytes: 5 });
    const tooBig = await postFile(offered.body.upload, 'hello, world');
    expect(tooBig.status).toBe(400);
    const wrongType = await fetch(offered.body.upload.url, {
      method: 'POST',
      body: uploadForm(offered.body.upload.fields, new Blob(['<b>!</b>']), (f) => f.set('Content-Type', 'text/html')),
    });
    expect(wrongType.status).toBe(403);
    const complete = await h.send(owner, ROUTES.complete, { params: { documentId: doc.id, attachmentId: offered.body.attachment.id } });
    expect(complete.status).toBe(409);
    expect(complete.body.detail).toMatch(/not been uploaded/);
  });

  it('refuses to offer an upload that the storage left cannot hold, and counts exactly up to the limit', async () => {
    const doc = await h.document(owner, projectId, 'Quota');
    const saved = h.quotas.storageBytes;
    try {
      h.quotas.storageBytes = (await storageUsed()) + 10;
      // Two offers pass the pre-check together; only the first completion fits.
      const first = await offer(owner, doc.id, { sizeBytes: 10 });
      const second = await offer(owner, doc.id, { sizeBytes: 10 });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect((await postFile(first.body.upload, '0123456789')).status).toBe(204);
      expect((await postFile(second.body.upload, 'abcdefghij')).status).toBe(204);
      expect((await h.send(owner, ROUTES.complete, { params: { documentId: doc.id, attachmentId: first.body.attachment.id } })).status).toBe(200);
      expect(await storageUsed()).toBe(h.quotas.storageBytes);

      const refused = await h.send(owner, ROUTES.complete, { params: { documentId: doc.id, attachmentId: second.body.attachment.id } });
      expect(refused.status).toBe(403);
      expect(refused.body.type).toMatch(/quota-exceeded/);
      expect(await s3.store.head(`attachments/${doc.id}/${second.body.attachment.id}`)).toBeUndefined();
      const listed = await h.send(owner, ROUTES.list, { params: { documentId: doc.id } });
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([first.body.attachment.id]);
      expect(await storageUsed()).toBe(h.quotas.storageBytes);

      const none = await offer(owner, doc.id, { sizeBytes: 1 });
      expect(none.status).toBe(403);
      expect(none.body.type).toMatch(/quota-exceeded/);
    } finally {
      h.quotas.storageBytes = saved;
    }
  });

  it('answers a stranger 404 and a viewer 403 on the document’s files', async () => {
    const doc = await h.document(owner, projectId, 'Private');
    expect((await h.send(stranger, ROUTES.list, { params: { documentId: doc.id } })).status).toBe(404);
    expect((await offer(stranger, doc.id, { sizeBytes: 3 })).status).toBe(404);
    expect((await offer(viewer, doc.id, { sizeBytes: 3 })).status).toBe(403);
  });
});

describe('downloading and deleting', () => {
  it('gives a link that serves the file, and that stops working once expired', async () => {
    const doc = await h.document(owner, projectId, 'Download');
    const attachment = await attach(owner, doc.id, 'file body');
    const link = await h.send(viewer, ROUTES.download, { params: { documentId: doc.id, attachmentId: attachment.id } });
    expect(link.status).toBe(200);
    const served = await fetch(link.body.url);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('file body');
    expect(served.headers.get('content-disposition')).toContain('filename="notes.txt"');
    s3.skew(301_000);
    try {
      expect((await fetch(link.body.url)).status).toBe(403);
    } finally {
      s3.skew(0);
    }
    expect((await h.send(stranger, ROUTES.download, { params: { documentId: doc.id, attachmentId: attachment.id } })).status).toBe(404);
  });

  it('deletes the file and frees its storage, once', async () => {
    const doc = await h.document(owner, projectId, 'Delete');
    const attachment = await attach(owner, doc.id, 'to be deleted');
    const before = await storageUsed();
    const key = `attachments/${doc.id}/${attachment.id}`;
    expect(await s3.store.head(key)).toBeDefined();
    expect((await h.send(viewer, ROUTES.remove, { params: { documentId: doc.id, attachmentId: attachment.id } })).status).toBe(403);
    expect((await h.send(owner, ROUTES.remove, { params: { documentId: doc.id, attachmentId: attachment.id } })).status).toBe(204);
    expect(await storageUsed()).toBe(before - attachment.sizeBytes);
    expect(await s3.store.head(key)).toBeUndefined();
    expect((await h.send(owner, ROUTES.remove, { params: { documentId: doc.id, attachmentId: attachment.id } })).status).toBe(404);
    expect(await storageUsed()).toBe(before - attachment.sizeBytes);
  });

  it('deletes a purged document’s files and frees their storage, idempotently', async () => {
    const doc = await h.document(owner, projectId, 'Purged');
    const a = await attach(owner, doc.id, 'first file');
    const b = await attach(owner, doc.id, 'second');
    const before = await storageUsed();
    const consume = attachmentPurgeConsumer(h.services);
    const purged = domainEvent(
      { type: 'document.purged', actor: { userId: 'system', via: 'system' }, subject: { kind: 'document', id: doc.id }, data: { documentId: doc.id } },
      h.services,
    );
    await consume(purged, { receiveCount: 1, lastAttempt: false });
    await consume(purged, { receiveCount: 2, lastAttempt: false });
    expect(await storageUsed()).toBe(before - a.sizeBytes - b.sizeBytes);
    expect(await s3.store.head(`attachments/${doc.id}/${a.id}`)).toBeUndefined();
    expect(await h.services.attachments.list(doc.id)).toEqual([]);
    expect((await outboxEvents(h, 'attachment.purged')).filter((e) => e.data.documentId === doc.id)).toHaveLength(2);
  });
});
