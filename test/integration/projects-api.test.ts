/**
 * Projects end to end through the router on DynamoDB Local: visibility through grants and
 * groups across pages, idempotent creates, quotas under races, If-Match, archive, trash,
 * restore and purge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../functions/catalog.js';
import { processQueueBatch } from '../../functions/jobs/worker.js';
import { PURGE_JOB_TYPE, purgeTrash, purgeTrashJob } from '../../functions/projects/purge.js';
import { type Harness, harness, itemsOf, outboxEvents } from './projects-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness('projects');
});
afterAll(async () => h.drop());

const list = (as: Parameters<Harness['send']>[0], query: Record<string, string>) => h.send(as, 'GET /api/projects', { query });
async function allPages(as: Parameters<Harness['send']>[0], limit: number, status = 'active') {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const answer = await list(as, { limit: String(limit), status, ...(cursor ? { cursor } : {}) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    pages.push(answer.body.items.map((p: { name: string }) => p.name));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return pages;
}

describe('who sees which projects', () => {
  it('lists exactly the projects granted to the caller or their groups, by name, in full pages across cursors', async () => {
    const [owner, reader, stranger] = [await h.person(), await h.person(), await h.person()];
    const team = await h.group(reader);
    const other = await h.group(stranger);
    const prefix = `v${Date.now()}`;
    // Interleaved names: direct grants, group grants, both, and projects the reader cannot see.
    await h.project(owner, `${prefix} a`, [['user', reader.userId, 'viewer']]);
    await h.project(owner, `${prefix} b`, [['group', team, 'editor']]);
    await h.project(owner, `${prefix} c`);
    await h.project(owner, `${prefix} d`, [
      ['user', reader.userId, 'viewer'],
      ['group', team, 'owner'],
    ]);
    await h.project(owner, `${prefix} e`, [['group', other, 'viewer']]);
    await h.project(owner, `${prefix} f`, [['group', team, 'viewer']]);
    await h.project(owner, `${prefix} g`, [['user', reader.userId, 'editor']]);
    const me = await h.reload(reader);

    for (const limit of [1, 2, 3, 10]) {
      const pages = await allPages(me, limit);
      expect(pages.flat(), `limit ${limit}`).toEqual(['a', 'b', 'd', 'f', 'g'].map((n) => `${prefix} ${n}`));
      // Every page but the last is full, and the last is never empty.
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
      expect(pages.at(-1)?.length).toBeGreaterThan(0);
    }
    const d = (await list(me, { limit: '10' })).body.items.find((p: { name: string }) => p.name === `${prefix} d`);
    expect(d.myRole).toBe('owner');
    expect((await allPages(await h.reload(stranger), 10)).flat()).toEqual([`${prefix} e`]);
  });

  it('shows admins every project as owners, and answers 404 alike for hidden and missing projects', async () => {
    const [owner, admin, outsider] = [await h.person(), await h.person('admin'), await h.person()];
    const id = await h.project(owner, `hidden ${Date.now()}`);
    const seen = await h.send(admin, 'GET /api/projects/{projectId}', { params: { projectId: id } });
    expect(seen.status).toBe(200);
    expect(seen.body.myRole).toBe('owner');
    const hidden = await h.send(outsider, 'GET /api/projects/{projectId}', { params: { projectId: id } });
    const missing = await h.send(outsider, 'GET /api/projects/{projectId}', { params: { projectId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } });
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.detail).toBe(missing.body.detail);
  });

  it('lets a reader read but not manage (403), and never removes the last owner', async () => {
    const [owner, reader] = [await h.person(), await h.person()];
    const id = await h.project(owner, `grants ${Date.now()}`, [['user', reader.userId, 'viewer']]);
    const rename = await h.send(reader, 'PATCH /api/projects/{projectId}', { params: { projectId: id }, body: { name: 'x' }, headers: { 'if-match': '"1"' } });
    expect(rename.status).toBe(403);
    const last = await h.send(owner, 'DELETE /api/projects/{projectId}/grants/{kind}/{granteeId}', {
      params: { projectId: id, kind: 'user', granteeId: owner.userId },
    });
    expect(last.status).toBe(409);
    const demote = await h.send(owner, 'PUT /api/projects/{projectId}/grants/{kind}/{granteeId}', {
      params: { projectId: id, kind: 'user', granteeId: owner.userId },
      body: { role: 'editor' },
    });
    expect(demote.status).toBe(409);
    const grants = await h.send(reader, 'GET /api/projects/{projectId}/grants', { params: { projectId: id } });
    expect(grants.body.items.map((g: { role: string }) => g.role)).toEqual(['owner', 'viewer']);
    expect(await outboxEvents(h, 'project.grant.changed')).toEqual(
      expect.arrayContaining([expect.objectContaining({ data: expect.objectContaining({ projectId: id, granteeId: reader.userId, role: 'viewer' }) })]),
    );
  });
});

describe('creating', () => {
  it('creates once per Idempotency-Key: a retry replays the first answer; the key with another body is refused', async () => {
    const owner = await h.person();
    const headers = { 'idempotency-key': `k-${Date.now()}` };
    const first = await h.send(owner, 'POST /api/projects', { body: { name: 'Once' }, headers });
    const again = await h.send(owner, 'POST /api/projects', { body: { name: 'Once' }, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers.etag).toBe('"1"');
    const other = await h.send(owner, 'POST /api/projects', { body: { name: 'Twice' }, headers });
    expect(other.status).toBe(409);
    expect((await itemsOf(h, 'Project')).filter((p) => p.projectId === first.body.id)).toHaveLength(1);
    expect((await h.send(owner, 'POST /api/projects', { body: { name: 'x' }, headers: { 'idempotency-key': 'no spaces' } })).status).toBe(400);
  });

  it('creates one project from concurrent requests with one key', async () => {
    const owner = await h.person();
    const headers = { 'idempotency-key': `race-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.send(owner, 'POST /api/projects', { body: { name: 'Raced' }, headers })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await itemsOf(h, 'Project')).filter((p) => p.createdBy === owner.userId)).toHaveLength(1);
  });

  it('stops at the projects quota, with meter, limit and used; racing creates never exceed it', async () => {
    const owner = await h.person();
    const used = (await h.services.usage.current()).projects;
    h.quotas.projects = used + 2;
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => h.send(owner, 'POST /api/projects', { body: { name: `q${i}` } })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(refused[0]?.body).toMatchObject({ type: 'https://ownstack.dev/problems/quota-exceeded', meter: 'projects', limit: used + 2, used: used + 2 });
    expect((await h.services.usage.current()).projects).toBe(used + 2);
    const usage = await h.send(owner, 'GET /api/usage');
    expect(usage.body.projects).toEqual({ used: used + 2, limit: used + 2 });
    h.quotas.projects = 10_000;
  });
});

describe('changing', () => {
  it('needs If-Match to rename: 428 without, 412 with the current version when stale, 200 and a new ETag otherwise', async () => {
    const owner = await h.person();
    const id = await h.project(owner, 'Before');
    const path = { params: { projectId: id }, body: { name: 'After' } };
    expect((await h.send(owner, 'PATCH /api/projects/{projectId}', path)).status).toBe(428);
    const stale = await h.send(owner, 'PATCH /api/projects/{projectId}', { ...path, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(1);
    const done = await h.send(owner, 'PATCH /api/projects/{projectId}', { ...path, headers: { 'if-match': '"1"' } });
    expect(done.status).toBe(200);
    expect(done.headers.etag).toBe('"2"');
    expect(done.body.name).toBe('After');
    // The grants' index moved with the name: the list finds it under its new name only.
    const names = (await allPages(owner, 10)).flat();
    expect(names).toContain('After');
    expect(names).not.toContain('Before');
  });

  it('keeps archived projects read-only until unarchived', async () => {
    const owner = await h.person();
    const name = `arch ${Date.now()}`;
    const id = await h.project(owner, name);
    const doc = await h.document(owner, id, 'Kept');
    expect((await h.send(owner, 'POST /api/projects/{projectId}/archive', { params: { projectId: id } })).body.status).toBe('archived');
    const create = await h.send(owner, 'POST /api/projects/{projectId}/documents', { params: { projectId: id }, body: { title: 'No' } });
    expect(create.status).toBe(409);
    expect(create.body.detail).toMatch(/archived/);
    const edit = await h.send(owner, 'PUT /api/documents/{documentId}', {
      params: { documentId: doc.id },
      body: { title: 'Changed', body: '', tags: [] },
      headers: { 'if-match': '"1"' },
    });
    expect(edit.status).toBe(409);
    expect((await h.send(owner, 'GET /api/documents/{documentId}', { params: { documentId: doc.id } })).body.title).toBe('Kept');
    const rename = await h.send(owner, 'PATCH /api/projects/{projectId}', { params: { projectId: id }, body: { name: 'x' }, headers: { 'if-match': '"2"' } });
    expect(rename.status).toBe(409);
    expect((await allPages(owner, 10, 'archived')).flat()).toContain(name);
    expect((await allPages(owner, 10, 'active')).flat()).not.toContain(name);
    await h.send(owner, 'POST /api/projects/{projectId}/unarchive', { params: { projectId: id } });
    expect((await h.send(owner, 'POST /api/projects/{projectId}/documents', { params: { projectId: id }, body: { title: 'Yes' } })).status).toBe(201);
  });
});

describe('trash', () => {
  it('trashes and restores a project, freeing and re-checking the quota', async () => {
    const owner = await h.person();
    const name = `trash ${Date.now()}`;
    const id = await h.project(owner, name);
    const before = (await h.services.usage.current()).projects;
    const trashed = await h.send(owner, 'DELETE /api/projects/{projectId}', { params: { projectId: id } });
    expect(trashed.body).toMatchObject({ status: 'trashed', purgeAt: expect.any(String) });
    expect((await h.services.usage.current()).projects).toBe(before - 1);
    expect((await allPages(owner, 10, 'trashed')).flat()).toContain(name);
    expect((await allPages(owner, 10, 'active')).flat()).not.toContain(name);
    h.quotas.projects = before - 1;
    const refused = await h.send(owner, 'POST /api/projects/{projectId}/restore', { params: { projectId: id } });
    expect(refused.status).toBe(403);
    h.quotas.projects = 10_000;
    const restored = await h.send(owner, 'POST /api/projects/{projectId}/restore', { params: { projectId: id } });
    expect(restored.body.status).toBe('active');
    expect((await h.services.usage.current()).projects).toBe(before);
  });

  it('purges a trashed project and its documents 30 days later, once, counting each document once', async () => {
    const owner = await h.person();
    const id = await h.project(owner, `purge ${Date.now()}`);
    const kept = await h.document(owner, id, 'Active one');
    const binned = await h.document(owner, id, 'Trashed one');
    await h.send(owner, 'DELETE /api/documents/{documentId}', { params: { documentId: binned.id }, headers: { 'if-match': '"1"' } });
    await h.send(owner, 'DELETE /api/projects/{projectId}', { params: { projectId: id } });
    const documentsBefore = (await h.services.usage.current()).documents;

    expect(await purgeTrash(h.services)).toMatchObject({ projects: 0 });
    expect((await h.send(owner, 'GET /api/projects/{projectId}', { params: { projectId: id } })).status).toBe(200);
    h.advance(31);
    try {
      const first = await purgeTrash(h.services);
      expect(first.projects).toBeGreaterThanOrEqual(1);
      const again = await purgeTrash(h.services);
      expect(again).toMatchObject({ projects: 0, documents: 0 });
    } finally {
      h.advance(-31);
    }
    const left = (await h.table.items()).filter((i) => String(i.pk).includes(id) || [kept.id, binned.id].some((d) => String(i.pk).includes(d)));
    expect(left).toEqual([]);
    // The active document stops counting at the purge; the trashed one stopped when trashed.
    expect((await h.services.usage.current()).documents).toBe(documentsBefore - 1);
    const purged = await outboxEvents(h, 'document.purged');
    expect(
      purged
        .filter((e) => e.data.projectId === id)
        .map((e) => e.data.documentId)
        .sort(),
    ).toEqual([kept.id, binned.id].sort());
    expect((await outboxEvents(h, 'project.purged')).filter((e) => e.data.projectId === id)).toHaveLength(1);
  });

  it('runs as the scheduled job message through the worker', async () => {
    const owner = await h.person();
    const id = await h.project(owner, `scheduled ${Date.now()}`);
    await h.send(owner, 'DELETE /api/projects/{projectId}', { params: { projectId: id } });
    const message = scheduledJobs.find((j) => j.message.type === PURGE_JOB_TYPE)?.message;
    const log = { info: () => {}, error: () => {} };
    h.advance(31);
    try {
      const answer = await processQueueBatch(
        [{ messageId: 'm1', body: JSON.stringify(message) }],
        { consumers: {}, jobs: { [PURGE_JOB_TYPE]: purgeTrashJob(h.services) } },
        log,
      );
      expect(answer.batchItemFailures).toEqual([]);
    } finally {
      h.advance(-31);
    }
    expect((await h.send(owner, 'GET /api/projects/{projectId}', { params: { projectId: id } })).status).toBe(404);
  });
});
