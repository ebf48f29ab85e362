/**
 * Documents end to end through the router on DynamoDB Local: lists and their order,
 * If-Match under racing writers, idempotent creates, the documents quota, moving, trash
 * and purge, and shares ("shared with me").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeTrash } from '../../functions/projects/purge.js';
import { type Harness, harness, itemsOf, outboxEvents } from './projects-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness('documents');
});
afterAll(async () => h.drop());

type Person = Parameters<Harness['send']>[0];
const getDoc = (as: Person, documentId: string) => h.send(as, 'GET /api/documents/{documentId}', { params: { documentId } });
const edit = (as: Person, documentId: string, version: number | undefined, title: string, body = 'text') =>
  h.send(as, 'PUT /api/documents/{documentId}', {
    params: { documentId },
    body: { title, body, tags: ['Draft'] },
    headers: version === undefined ? {} : { 'if-match': `"${version}"` },
  });
async function pages(as: Person, routeKey: string, params: Record<string, string>, limit: number) {
  const all: string[][] = [];
  let cursor: string | undefined;
  do {
    const answer = await h.send(as, routeKey, { params, query: { limit: String(limit), ...(cursor ? { cursor } : {}) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    all.push(answer.body.items.map((d: { title: string }) => d.title));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return all;
}

describe('reading and writing', () => {
  it('creates, reads with an ETag, and lists most recently updated first without bodies', async () => {
    const owner = await h.person();
    const projectId = await h.project(owner, 'Docs');
    const created = await h.send(owner, 'POST /api/projects/{projectId}/documents', {
      params: { projectId },
      body: { title: 'One', body: '# Heading\n\nSome **bold** [link](https://x.test) text.', tags: ['Plan', 'plan'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'One', tags: ['plan'], excerpt: 'Heading Some bold link text.', version: 1, myAccess: 'owner' });
    expect(created.headers.etag).toBe('"1"');
    for (const title of ['Two', 'Three', 'Four']) await h.document(owner, projectId, title);
    // Touch "One": it moves to the top.
    expect((await edit(owner, created.body.id, 1, 'One')).status).toBe(200);
    for (const limit of [1, 3, 10]) {
      expect((await pages(owner, 'GET /api/projects/{projectId}/documents', { projectId }, limit)).flat()).toEqual(['One', 'Four', 'Three', 'Two']);
    }
    const read = await getDoc(owner, created.body.id);
    expect(read.headers.etag).toBe('"2"');
    expect(read.body).toMatchObject({ body: 'text', version: 2 });
    expect((await h.send(owner, 'GET /api/projects/{projectId}', { params: { projectId } })).body.documentCount).toBe(4);
  });

  it('lets exactly one of two racing writers win; the other gets 412 and changes nothing', async () => {
    const owner = await h.person();
    const editor = await h.person();
    const projectId = await h.project(owner, 'Race', [['user', editor.userId, 'editor']]);
    const doc = await h.document(owner, projectId, 'Shared draft');
    for (let round = 0; round < 3; round++) {
      const version = (await getDoc(owner, doc.id)).body.version;
      const [a, b] = await Promise.all([edit(owner, doc.id, version, `A${round}`, 'from A'), edit(editor, doc.id, version, `B${round}`, 'from B')]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const loser = a.status === 412 ? a : b;
      const winner = a.status === 200 ? a : b;
      expect(loser.body.currentVersion).toBe(version + 1);
      const now = await getDoc(owner, doc.id);
      expect(now.body).toMatchObject({ version: version + 1, title: winner.body.title, body: winner.body.body });
    }
    expect((await edit(owner, doc.id, undefined, 'No If-Match')).status).toBe(428);
    expect((await edit(owner, doc.id, 1, 'Stale')).status).toBe(412);
  });

  it('answers 404 to outsiders, 403 to readers who try to write, and keeps installation viewers read-only', async () => {
    const [owner, reader, outsider, viewer] = [await h.person(), await h.person(), await h.person(), await h.person('viewer')];
    const projectId = await h.project(owner, 'Private', [
      ['user', reader.userId, 'viewer'],
      ['user', viewer.userId, 'editor'],
    ]);
    const doc = await h.document(owner, projectId, 'Secret');
    expect((await getDoc(outsider, doc.id)).status).toBe(404);
    expect((await getDoc(reader, doc.id)).body.myAccess).toBe('viewer');
    expect((await edit(reader, doc.id, 1, 'x')).status).toBe(403);
    expect((await edit(viewer, doc.id, 1, 'x')).status).toBe(403);
    expect((await edit(outsider, doc.id, 1, 'x')).status).toBe(404);
    expect((await h.send(outsider, 'GET /api/projects/{projectId}/documents', { params: { projectId } })).status).toBe(404);
  });
});

describe('creating', () => {
  it('creates one document from concurrent requests with one Idempotency-Key', async () => {
    const owner = await h.person();
    const projectId = await h.project(owner, 'Idem');
    const headers = { 'idempotency-key': `doc-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => h.send(owner, 'POST /api/projects/{projectId}/documents', { params: { projectId }, body: { title: 'Once' }, headers })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await itemsOf(h, 'Document')).filter((d) => d.projectId === projectId)).toHaveLength(1);
    expect((await h.send(owner, 'GET /api/projects/{projectId}', { params: { projectId } })).body.documentCount).toBe(1);
  });

  it('stops at the documents quota exactly, even under racing creates, and counts trash out and restores back in', async () => {
    const owner = await h.person();
    const projectId = await h.project(owner, 'Quota');
    const used = (await h.services.usage.current()).documents;
    h.quotas.documents = used + 3;
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => h.send(owner, 'POST /api/projects/{projectId}/documents', { params: { projectId }, body: { title: `d${i}` } })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
      const refused = answers.find((a) => a.status === 403);
      expect(refused?.body).toMatchObject({ meter: 'documents', limit: used + 3, used: used + 3 });
      expect((await h.services.usage.current()).documents).toBe(used + 3);
      const one = answers.find((a) => a.status === 201)?.body;
      expect((await h.send(owner, 'DELETE /api/documents/{documentId}', { params: { documentId: one.id }, headers: { 'if-match': '"1"' } })).status).toBe(200);
      expect((await h.document(owner, projectId, 'fits again')).version).toBe(1);
      const restore = await h.send(owner, 'POST /api/documents/{documentId}/restore', { params: { documentId: one.id } });
      expect(restore.status).toBe(403);
      h.quotas.documents = used + 4;
      expect((await h.send(owner, 'POST /api/documents/{documentId}/restore', { params: { documentId: one.id } })).status).toBe(200);
      expect((await h.services.usage.current()).documents).toBe(used + 4);
    } finally {
      h.quotas.documents = 10_000;
    }
  });
});

describe('moving', () => {
  it('needs write on the target project, and moves the counts with the document', async () => {
    const [owner, other] = [await h.person(), await h.person()];
    const from = await h.project(owner, 'From');
    const to = await h.project(owner, 'To');
    const readOnly = await h.project(other, 'Read only', [['user', owner.userId, 'viewer']]);
    const hidden = await h.project(other, 'Hidden');
    const doc = await h.document(owner, from, 'Traveller');
    const move = (projectId: string, version = 1) =>
      h.send(owner, 'POST /api/documents/{documentId}/move', { params: { documentId: doc.id }, body: { projectId }, headers: { 'if-match': `"${version}"` } });
    expect((await move(hidden)).status).toBe(404);
    expect((await move(readOnly)).status).toBe(403);
    const moved = await move(to);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ projectId: to, version: 2 });
    const count = async (projectId: string) => (await h.send(owner, 'GET /api/projects/{projectId}', { params: { projectId } })).body.documentCount;
    expect([await count(from), await count(to)]).toEqual([0, 1]);
    expect((await pages(owner, 'GET /api/projects/{projectId}/documents', { projectId: to }, 10)).flat()).toEqual(['Traveller']);
    expect((await pages(owner, 'GET /api/projects/{projectId}/documents', { projectId: from }, 10)).flat()).toEqual([]);
    expect((await outboxEvents(h, 'document.moved')).find((e) => e.data.documentId === doc.id)?.data).toMatchObject({ fromProjectId: from, toProjectId: to });
  });
});

describe('trash', () => {
  it('lists the trash newest deletion first, restores, and purges due documents once', async () => {
    const owner = await h.person();
    const projectId = await h.project(owner, 'Bin');
    const docs: { id: string; version: number }[] = [];
    for (const title of ['t1', 't2', 't3']) docs.push(await h.document(owner, projectId, title));
    for (const d of docs) {
      const trashed = await h.send(owner, 'DELETE /api/documents/{documentId}', { params: { documentId: d.id }, headers: { 'if-match': '"1"' } });
      expect(trashed.body.purgeAt).toBeDefined();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await pages(owner, 'GET /api/projects/{projectId}/trash', { projectId }, 2)).flat()).toEqual(['t3', 't2', 't1']);
    expect((await pages(owner, 'GET /api/projects/{projectId}/documents', { projectId }, 10)).flat()).toEqual([]);
    await h.send(owner, 'POST /api/documents/{documentId}/restore', { params: { documentId: docs[0]?.id as string } });
    expect((await pages(owner, 'GET /api/projects/{projectId}/documents', { projectId }, 10)).flat()).toEqual(['t1']);

    h.advance(31);
    try {
      await purgeTrash(h.services);
      expect(await purgeTrash(h.services)).toMatchObject({ documents: 0 });
    } finally {
      h.advance(-31);
    }
    expect((await getDoc(owner, docs[0]?.id as string)).status).toBe(200);
    for (const d of docs.slice(1)) expect((await getDoc(owner, d.id)).status).toBe(404);
    const purged = (await outboxEvents(h, 'document.purged')).filter((e) => e.data.projectId === projectId).map((e) => e.data.documentId);
    expect(purged.sort()).toEqual(
      docs
        .slice(1)
        .map((d) => d.id)
        .sort(),
    );
    expect((await h.table.items()).filter((i) => docs.slice(1).some((d) => String(i.pk) === `DOC#${d.id}`))).toEqual([]);
  });
});

describe('shares', () => {
  it('shares beyond the project with users and groups; shared-with-me lists newest first and leaves trashed ones out', async () => {
    const [owner, friend, teammate] = [await h.person(), await h.person(), await h.person()];
    const team = await h.group(friend, teammate);
    const projectId = await h.project(owner, 'Sharing');
    const [a, b, c] = [await h.document(owner, projectId, 'sa'), await h.document(owner, projectId, 'sb'), await h.document(owner, projectId, 'sc')];
    const share = (documentId: string, kind: string, granteeId: string, role: string) =>
      h.send(owner, 'PUT /api/documents/{documentId}/shares/{kind}/{granteeId}', { params: { documentId, kind, granteeId }, body: { role } });
    expect((await share(a.id, 'user', friend.userId, 'viewer')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    expect((await share(b.id, 'group', team, 'editor')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    expect((await share(c.id, 'user', friend.userId, 'viewer')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    // Shared with the friend directly and through the group: listed once.
    expect((await share(a.id, 'group', team, 'viewer')).status).toBe(200);

    const me = await h.reload(friend);
    expect((await pages(me, 'GET /api/shared-with-me', {}, 10)).flat()).toEqual(['sa', 'sc', 'sb']);
    expect((await pages(await h.reload(teammate), 'GET /api/shared-with-me', {}, 1)).flat()).toEqual(['sa', 'sb']);
    expect((await getDoc(me, a.id)).body.myAccess).toBe('viewer');
    expect((await edit(me, a.id, 1, 'x')).status).toBe(403);
    expect((await edit(me, b.id, 1, 'edited by the group')).status).toBe(200);

    await h.send(owner, 'DELETE /api/documents/{documentId}', { params: { documentId: c.id }, headers: { 'if-match': '"1"' } });
    expect((await pages(me, 'GET /api/shared-with-me', {}, 10)).flat()).toEqual(['sa', 'edited by the group']);
    const shares = await h.send(me, 'GET /api/documents/{documentId}/shares', { params: { documentId: a.id } });
    expect(shares.body.items.map((s: { kind: string }) => s.kind).sort()).toEqual(['group', 'user']);

    expect(
      (
        await h.send(owner, 'DELETE /api/documents/{documentId}/shares/{kind}/{granteeId}', {
          params: { documentId: a.id, kind: 'user', granteeId: friend.userId },
        })
      ).status,
    ).toBe(204);
    expect(
      (await h.send(owner, 'DELETE /api/documents/{documentId}/shares/{kind}/{granteeId}', { params: { documentId: a.id, kind: 'group', granteeId: team } }))
        .status,
    ).toBe(204);
    expect((await getDoc(me, a.id)).status).toBe(404);
    expect((await outboxEvents(h, 'document.shared')).length).toBeGreaterThanOrEqual(4);
  });
});
