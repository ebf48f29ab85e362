import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../functions/events/domain.js';
import { processQueueBatch, type WorkerRegistry } from '../../../functions/jobs/worker.js';

const log = { info: () => {}, error: () => {} };
const envelope = (type: string, id = 'ev-1') => ({
  version: '0',
  id: `eb-${id}`,
  source: 'ownstack',
  'detail-type': type,
  detail: { id, type, version: 1, occurredAt: '2026-11-24T10:00:00Z', actor: { userId: 'u1', via: 'session' }, subject: { kind: 'user', id: 'u1' }, data: {} },
});
const record = (messageId: string, body: unknown) => ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('job worker', () => {
  it('runs the consumers of an event type and the wildcard consumers', async () => {
    const seen: string[] = [];
    const registry: WorkerRegistry = {
      consumers: { 'a.happened': [async (e: DomainEvent) => void seen.push(`a:${e.id}`)], '*': [async (e: DomainEvent) => void seen.push(`all:${e.id}`)] },
      jobs: {},
    };
    const result = await processQueueBatch([record('m1', envelope('a.happened')), record('m2', envelope('b.happened', 'ev-2'))], registry, log);
    expect(result.batchItemFailures).toEqual([]);
    // Wildcard consumers (the audit trail) run first, so a failing typed consumer cannot keep an event out of the trail.
    expect(seen).toEqual(['all:ev-1', 'a:ev-1', 'all:ev-2']);
  });

  it('runs a job by its type', async () => {
    const ran: string[] = [];
    const registry: WorkerRegistry = { consumers: {}, jobs: { 'export.project': async (job) => void ran.push(job.jobId) } };
    await processQueueBatch([record('m1', { kind: 'job', jobId: 'j1', type: 'export.project', payload: {} })], registry, log);
    expect(ran).toEqual(['j1']);
  });

  it('reports only the failed messages, so the others are not redelivered', async () => {
    const registry: WorkerRegistry = {
      consumers: { boom: [async () => Promise.reject(new Error('consumer down'))] },
      jobs: {},
    };
    const result = await processQueueBatch(
      [
        record('ok', envelope('fine')),
        record('fails', envelope('boom', 'ev-2')),
        record('garbage', 'not json'),
        record('unknown-job', { kind: 'job', jobId: 'j', type: 'nope', payload: {} }),
      ],
      registry,
      log,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['fails', 'garbage', 'unknown-job']);
  });

  it('tells consumers the receive count and whether this is the last attempt before the dead-letter queue', async () => {
    const seen: [number, boolean][] = [];
    const registry: WorkerRegistry = { consumers: { x: [async (_e, delivery) => void seen.push([delivery.receiveCount, delivery.lastAttempt])] }, jobs: {} };
    const withCount = (id: string, count: string) => ({ ...record(id, envelope('x', id)), attributes: { ApproximateReceiveCount: count } });
    await processQueueBatch([withCount('m1', '1'), withCount('m2', '4'), withCount('m3', '5'), record('m4', envelope('x', 'm4'))], registry, log, 5);
    expect(seen).toEqual([
      [1, false],
      [4, false],
      [5, true],
      [1, false],
    ]);
  });
});
