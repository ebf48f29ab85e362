/**
 * A project export through the whole local runtime, as a browser and the deployed stack
 * would run it: the HTTP API writes the job and its event, the outbox publisher, bus and
 * queue carry it to the worker, which streams the zip into the S3 stand-in; the download
 * link serves it, and the archive holds each document with its front matter and its files.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';

let t: TestRuntime;
let token: string;

beforeAll(async () => {
  t = await startTestRuntime('exports');
  token = await t.runtime.tokenFor('owner@example.com');
}, 60_000);
afterAll(async () => t.stop());

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('exporting a project', () => {
  it('queues a job, builds the zip in the worker and serves it through a short-lived link', async () => {
    const project = await api('POST', '/api/projects', { name: 'Handbook' });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const projectId = project.body.id as string;
    const intro = await api('POST', `/api/projects/${projectId}/documents`, { title: 'Intro: start here', body: '# Welcome\n\nHello.', tags: ['guide'] });
    const empty = await api('POST', `/api/projects/${projectId}/documents`, { title: 'Empty', body: '' });
    expect([intro.status, empty.status]).toEqual([201, 201]);

    // An attachment, uploaded as a browser does: straight to the bucket, same origin.
    const offered = await api('POST', `/api/documents/${intro.body.id}/attachments`, { fileName: 'data.csv', contentType: 'text/csv', sizeBytes: 8 });
    expect(offered.status, JSON.stringify(offered.body)).toBe(201);
    expect(offered.body.upload.url.startsWith(`${t.runtime.url}/_local/s3/`)).toBe(true);
    const form = new FormData();
    for (const [k, v] of Object.entries(offered.body.upload.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob(['a,b\n1,2\n']));
    expect((await fetch(offered.body.upload.url, { method: 'POST', body: form })).status).toBe(204);
    expect((await api('POST', `/api/documents/${intro.body.id}/attachments/${offered.body.attachment.id}/complete`)).status).toBe(200);

    const requested = await api('POST', `/api/projects/${projectId}/exports`, undefined, { 'idempotency-key': 'export-1' });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ status: 'queued', projectName: 'Handbook', kind: 'project-export' });
    const replayed = await api('POST', `/api/projects/${projectId}/exports`, undefined, { 'idempotency-key': 'export-1' });
    expect(replayed.body.id).toBe(requested.body.id);
    const jobId = requested.body.id as string;

    const done = await eventually(
      async () => {
        const job = await api('GET', `/api/jobs/${jobId}`);
        return job.body.status === 'succeeded' ? job.body : undefined;
      },
      { timeoutMs: 20_000, what: 'the export to succeed' },
    );
    expect(done).toMatchObject({ attempts: 1, progress: { done: 2, total: 2 } });
    expect(Date.parse(done.expiresAt) - Date.parse(done.finishedAt)).toBe(7 * 24 * 3600 * 1000);
    const listed = await api('GET', `/api/projects/${projectId}/exports`);
    expect(listed.body.items.map((j: { id: string }) => j.id)).toEqual([jobId]);
    expect(t.runtime.blobKeys().filter((k) => k.startsWith('exports/'))).toEqual([`exports/${jobId}.zip`]);

    const link = await api('GET', `/api/jobs/${jobId}/download`);
    expect(link.status).toBe(200);
    const zipResponse = await fetch(link.body.url);
    expect(zipResponse.status).toBe(200);
    expect(zipResponse.headers.get('content-disposition')).toContain(`handbook-export-${done.createdAt.slice(0, 10)}.zip`);
    const bytes = new Uint8Array(await zipResponse.arrayBuffer());
    expect(bytes.byteLength).toBe(done.sizeBytes);

    const files = unzipSync(bytes);
    const text = (name: string) => new TextDecoder().decode(files[name]);
    expect(Object.keys(files).sort()).toEqual(
      [`intro-start-here-${intro.body.id}.md`, `empty-${empty.body.id}.md`, `attachments/${intro.body.id}/${offered.body.attachment.id}-data.csv`].sort(),
    );
    expect(text(`intro-start-here-${intro.body.id}.md`)).toBe(
      [
        '---',
        'title: "Intro: start here"',
        `id: "${intro.body.id}"`,
        'version: 1',
        'tags: ["guide"]',
        `createdAt: "${intro.body.createdAt}"`,
        `updatedAt: "${intro.body.updatedAt}"`,
        'attachments:',
        `  - "attachments/${intro.body.id}/${offered.body.attachment.id}-data.csv"`,
        '---',
        '# Welcome',
        '',
        'Hello.',
        '',
      ].join('\n'),
    );
    expect(text(`attachments/${intro.body.id}/${offered.body.attachment.id}-data.csv`)).toBe('a,b\n1,2\n');
    expect(t.runtime.queueState().deadLetters).toEqual([]);
  }, 60_000);

  it('answers 404 for a job of a project the caller cannot see', async () => {
    const project = await api('POST', '/api/projects', { name: 'Secret' });
    const job = await api('POST', `/api/projects/${project.body.id}/exports`);
    const member = await t.runtime.tokenFor('member@example.com');
    const response = await fetch(`${t.runtime.url}/api/jobs/${job.body.id}`, { headers: { authorization: `Bearer ${member}` } });
    expect(response.status).toBe(404);
    const missing = await fetch(`${t.runtime.url}/api/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { headers: { authorization: `Bearer ${member}` } });
    expect(missing.status).toBe(404);
    expect((await response.json()).detail).toBe((await missing.json()).detail);
  }, 30_000);
});
