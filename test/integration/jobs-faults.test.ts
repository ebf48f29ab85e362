/**
 * Export jobs under faults, on DynamoDB Local, the local S3 stand-in and the local queue
 * (SQS semantics: redelivery with a growing receive count, dead-letter after
 * maxReceiveCount) feeding the real worker batch loop and export consumer. Failures are
 * injected around the real stores: a crash between the zip and the job's success, a
 * poison document, a duplicate delivery.
 */
import type { SQSEvent } from 'aws-lambda';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueCatalog } from '../../functions/catalog.js';
import type { DomainEvent } from '../../functions/events/domain.js';
import { exportConsumer } from '../../functions/exports/consumer.js';
import { EXPORT_EVENTS } from '../../functions/exports/domain.js';
import { storesExportSource } from '../../functions/exports/source-adapter.js';
import type { ExportSource } from '../../functions/exports/source.js';
import type { JobStore } from '../../functions/exports/store.js';
import type { User } from '../../functions/identity/domain.js';
import { processQueueBatch } from '../../functions/jobs/worker.js';
import { createLocalQueue, type LocalQueue } from '../../functions/local/local-queue.js';
import { type Harness, harness, outboxEvents } from './projects-harness.js';
import { type LocalS3, startLocalS3, TEST_BUCKET } from './local-s3-server.js';

const MAX_RECEIVES = queueCatalog.jobs.maxReceiveCount;
let h: Harness;
let s3: LocalS3;
let owner: User;
let admin: User;
let projectId: string;
const logged: { message: string; extra: Record<string, unknown> }[] = [];
const log = { info: () => {}, error: (message: string, extra: Record<string, unknown>) => void logged.push({ message, extra }) };

// What the tests inject; reset before each scenario.
const faults = { crashBeforeSuccess: 0, poisonDocumentId: '' };

beforeAll(async () => {
  [h, s3] = await Promise.all([harness('export-faults'), startLocalS3()]);
  h.services.blobs = s3.store;
  [owner, admin] = [await h.person(), await h.person('admin')];
  projectId = await h.project(owner, 'Faulty');
  await h.document(owner, projectId, 'One', 'first body');
  await h.document(owner, projectId, 'Two', 'second body');
});
afterAll(async () => Promise.all([h.drop(), s3.stop()]));

function faultyJobs(jobs: JobStore): JobStore {
  return {
    ...jobs,
    async succeed(...args) {
      if (faults.crashBeforeSuccess > 0) {
        faults.crashBeforeSuccess -= 1;
        throw new Error('worker crashed after writing the zip');
      }
      return jobs.succeed(...args);
    },
  };
}
function faultySource(source: ExportSource): ExportSource {
  return {
    ...source,
    async body(documentId) {
      if (documentId === faults.poisonDocumentId) throw new Error(`Document ${documentId} cannot be read.`);
      return source.body(documentId);
    },
  };
}

function startQueue(): LocalQueue {
  const consume = exportConsumer({
    ...h.services,
    jobs: faultyJobs(h.services.jobs),
    source: faultySource(storesExportSource(h.services.documents, h.services.attachments)),
    log,
  });
  const registry = { consumers: { [EXPORT_EVENTS.requested]: [consume] }, jobs: {} };
  return createLocalQueue({
    name: 'faults',
    maxReceiveCount: MAX_RECEIVES,
    batchSize: 10,
    retryBackoffMs: 5,
    consume: (event: SQSEvent) => processQueueBatch(event.Records, registry, log, MAX_RECEIVES),
  });
}

/** What the bus rule delivers to the queue: the event in an EventBridge envelope. */
const envelope = (event: DomainEvent) => JSON.stringify({ version: '0', id: `eb-${event.id}`, source: 'ownstack', 'detail-type': event.type, detail: event });

async function requestExport(): Promise<{ jobId: string; event: DomainEvent }> {
  const created = await h.send(owner, 'POST /api/projects/{projectId}/exports', { params: { projectId } });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const jobId = created.body.id as string;
  const events = (await outboxEvents(h, EXPORT_EVENTS.requested)) as unknown as DomainEvent[];
  const event = events.filter((e) => e.data.jobId === jobId).at(-1);
  if (!event) throw new Error('no export.requested event in the outbox');
  return { jobId, event };
}

const job = async (jobId: string) => (await h.send(owner, 'GET /api/jobs/{jobId}', { params: { jobId } })).body;
const exportObjects = () => s3.files.keys(TEST_BUCKET).filter((k) => k.startsWith('exports/'));

describe('an export job under faults', () => {
  it('still yields exactly one zip and one succeeded job when the worker crashes after writing the zip', async () => {
    faults.crashBeforeSuccess = 1;
    const queue = startQueue();
    const { jobId, event } = await requestExport();
    queue.send({ body: envelope(event) });
    await queue.idle();
    queue.stop();

    const done = await job(jobId);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, progress: { done: 2, total: 2 } });
    expect(done.lastError).toBeUndefined();
    expect(exportObjects().filter((k) => k === `exports/${jobId}.zip`)).toHaveLength(1);
    expect(queue.state().deadLetters).toEqual([]);
    expect((await outboxEvents(h, EXPORT_EVENTS.succeeded)).filter((e) => e.data.jobId === jobId)).toHaveLength(1);
    const zip = unzipSync((await s3.store.get(`exports/${jobId}.zip`)) ?? new Uint8Array());
    expect(Object.keys(zip).sort()).toHaveLength(2);
  });

  it('builds one export when the same event is delivered twice', async () => {
    const queue = startQueue();
    const { jobId, event } = await requestExport();
    queue.send({ body: envelope(event) });
    queue.send({ body: envelope(event) });
    await queue.idle();
    queue.send({ body: envelope(event) });
    await queue.idle();
    queue.stop();
    expect(await job(jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await outboxEvents(h, EXPORT_EVENTS.succeeded)).filter((e) => e.data.jobId === jobId)).toHaveLength(1);
    expect(exportObjects().filter((k) => k === `exports/${jobId}.zip`)).toHaveLength(1);
  });

  it('fails a poison job after maxReceiveCount with its reason, dead-letters the message, and an admin retry then succeeds', async () => {
    const poisoned = await h.document(owner, projectId, 'Poison', 'unreadable');
    faults.poisonDocumentId = poisoned.id;
    const queue = startQueue();
    const { jobId, event } = await requestExport();
    queue.send({ body: envelope(event) });
    await queue.idle();

    const failed = await job(jobId);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_RECEIVES, lastError: `Document ${poisoned.id} cannot be read.` });
    const [letter] = queue.state().deadLetters;
    expect(letter?.receiveCount).toBe(MAX_RECEIVES);
    expect(JSON.parse(letter?.body ?? '{}').detail.data.jobId).toBe(jobId);
    expect(logged.filter((l) => l.extra.jobId === jobId && /failed for good/.test(l.message))).toHaveLength(1);
    expect(await s3.store.head(`exports/${jobId}.zip`)).toBeUndefined();

    const listed = await h.send(admin, 'GET /api/jobs', { query: { status: 'failed' } });
    expect(listed.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    expect((await h.send(owner, 'POST /api/jobs/{jobId}/retry', { params: { jobId } })).status).toBe(403);
    faults.poisonDocumentId = '';
    const retried = await h.send(admin, 'POST /api/jobs/{jobId}/retry', { params: { jobId } });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('queued');
    expect((await h.send(admin, 'POST /api/jobs/{jobId}/retry', { params: { jobId } })).status).toBe(409);

    const again = ((await outboxEvents(h, EXPORT_EVENTS.requested)) as unknown as DomainEvent[]).filter((e) => e.data.jobId === jobId);
    expect(again).toHaveLength(2);
    queue.send({ body: envelope(again[1] as DomainEvent) });
    await queue.idle();
    queue.stop();
    expect(await job(jobId)).toMatchObject({ status: 'succeeded', progress: { done: 3, total: 3 } });
    const zip = unzipSync((await s3.store.get(`exports/${jobId}.zip`)) ?? new Uint8Array());
    expect(Object.keys(zip)).toContain(`poison-${poisoned.id}.md`);
    const stillFailed = await h.send(admin, 'GET /api/jobs', { query: { status: 'failed' } });
    expect(stillFailed.body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
  });
});
