/**
 * Projects and documents through the whole local runtime over HTTP (route matching, JWT
 * check, the API function, DynamoDB Local), and the purge job it schedules on start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';

let t: TestRuntime;
let token: string;
beforeAll(async () => {
  t = await startTestRuntime('projects-http');
  token = await t.runtime.tokenFor('owner@example.com');
});
afterAll(async () => t.stop());

const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  fetch(`${t.runtime.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('projects over HTTP', () => {
  it('creates a project and a document, edits it with If-Match, and reports usage', async () => {
    const project = await call('/api/projects', { method: 'POST', body: { name: 'Over HTTP' }, headers: { 'idempotency-key': 'http-1' } });
    expect(project.status).toBe(201);
    const { id: projectId } = (await project.json()) as { id: string };
    const replay = await call('/api/projects', { method: 'POST', body: { name: 'Over HTTP' }, headers: { 'idempotency-key': 'http-1' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const created = await call(`/api/projects/${projectId}/documents`, { method: 'POST', body: { title: 'Notes', body: '# Notes' } });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as { id: string };
    const read = await call(`/api/documents/${doc.id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    const edit = (ifMatch?: string) =>
      call(`/api/documents/${doc.id}`, { method: 'PUT', body: { title: 'Notes', body: 'edited', tags: [] }, headers: ifMatch ? { 'if-match': ifMatch } : {} });
    expect((await edit()).status).toBe(428);
    expect((await edit('"1"')).status).toBe(200);
    const stale = await edit('"1"');
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');

    const usage = (await (await call('/api/usage')).json()) as { projects: { used: number; limit: number } };
    expect(usage.projects).toEqual({ used: 1, limit: 3 });
  });

  it('runs the scheduled purge job on start without dead letters', async () => {
    await t.runtime.queueIdle();
    const state = t.runtime.queueState();
    expect(state.delivered).toBeGreaterThanOrEqual(1);
    expect(state.deadLetters).toEqual([]);
  });
});
