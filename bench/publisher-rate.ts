/**
 * Events published per second by the stream publisher. N document events are written to
 * the table as outbox items (BatchWriteItem; the items `outboxItem` builds, as a change's
 * transaction puts them), then measured two ways:
 *
 * - end to end, through DynamoDB Local's stream: from the first write until the local
 *   runtime's bus has received all N from its stream poller (which invokes the real
 *   publisher handler with batches of the catalog's size); this includes the poller's
 *   polling interval and the bus fanning the events out to the job queue;
 * - the publisher alone: its Lambda handler (a module instance of its own, pointed at the
 *   fake EventBridge) invoked with the same items as stream records, in batches of the
 *   catalog's batch size, one after the other, as one shard's event source mapping does.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { functionCatalog } from '../functions/catalog.js';
import { DOCUMENT_EVENTS } from '../functions/documents/domain.js';
import { type DomainEvent, domainEvent } from '../functions/events/domain.js';
import { outboxItem } from '../functions/events/outbox.js';
import { lambdaContext } from '../functions/local/lambda-context.js';
import { LOCAL_PATHS } from '../functions/local/local-server.js';
import { ulidSource } from '../functions/platform/ids.js';
import { systemClock } from '../functions/platform/ports.js';
import type { FakeEventBridge } from './fake-eventbridge.js';
import { streamRecordOf } from './lambda-events.js';
import { seedRange } from './seed.js';
import { benchDocumentId, LIST_PROJECT } from './seed-documents.js';
import { type Summary, summarize } from './stats.js';

export interface PublisherFigures {
  events: number;
  batchSize: number;
  /** The handler alone, batch after batch to the fake EventBridge. */
  handler: { wallMs: number; eventsPerSecond: number; batchMs: Summary; putEventsCalls: number };
  /** Through DynamoDB Local's stream and the local runtime's poller, from the first write to the last event on its bus. */
  endToEnd?: { wallMs: number; eventsPerSecond: number; writeMs: number };
}

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | undefined>;

/** N `document.updated` events, as the API writes them for N edits. */
export function documentEvents(n: number, userId: string): DomainEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const documentId = benchDocumentId(i);
    return domainEvent(
      {
        type: DOCUMENT_EVENTS.updated,
        actor: { userId, via: 'session', ip: '203.0.113.9', userAgent: 'ownstack-bench' },
        subject: { kind: 'document', id: documentId },
        data: { documentId, projectId: LIST_PROJECT, title: `Bench notes ${i}`, version: 2 },
      },
      { clock: systemClock, ids: ulidSource },
    );
  });
}

async function busPublished(runtimeUrl: string): Promise<number> {
  const answer = await fetch(new URL(LOCAL_PATHS.state, runtimeUrl.replace('localhost', '127.0.0.1')));
  const state = (await answer.json()) as { bus?: { published?: number } };
  return state.bus?.published ?? 0;
}

/** Writes the events' outbox items and waits until the runtime's bus has published them all. */
export async function endToEndRate(options: {
  db: DynamoDBDocumentClient;
  tableName: string;
  runtimeUrl: string;
  events: readonly DomainEvent[];
  timeoutMs?: number;
}): Promise<NonNullable<PublisherFigures['endToEnd']>> {
  const { events } = options;
  const before = await busPublished(options.runtimeUrl);
  const started = performance.now();
  const writeMs = await seedRange(options.db, options.tableName, { from: 0, to: events.length }, (n) => [
    outboxItem(events[n] as DomainEvent) as unknown as Record<string, unknown>,
  ]);
  const deadline = started + (options.timeoutMs ?? 180_000);
  for (;;) {
    const published = (await busPublished(options.runtimeUrl)) - before;
    if (published >= events.length) break;
    if (performance.now() > deadline)
      throw new Error(`The local runtime's bus got ${published} of ${events.length} events in ${(options.timeoutMs ?? 180_000) / 1000} s.`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const wallMs = performance.now() - started;
  return { wallMs, eventsPerSecond: events.length / (wallMs / 1000), writeMs };
}

/** The publisher's handler module, a fresh instance configured for the fake EventBridge. */
export async function loadPublisher(repositoryRoot: string, bus: FakeEventBridge): Promise<StreamHandler> {
  const saved = { EVENT_BUS_NAME: process.env.EVENT_BUS_NAME, EVENTBRIDGE_ENDPOINT: process.env.EVENTBRIDGE_ENDPOINT };
  Object.assign(process.env, { EVENT_BUS_NAME: 'ownstack-bench', EVENTBRIDGE_ENDPOINT: bus.endpoint });
  try {
    // Its configuration is read at import: a query string gives a module instance of its own.
    const url = `${pathToFileURL(join(repositoryRoot, functionCatalog.outboxPublisher.entry)).href}?bench-publisher-rate`;
    const module = (await import(url)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${functionCatalog.outboxPublisher.entry} exports no handler.`);
    return module.handler as StreamHandler;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Times the handler publishing the events' outbox items from stream records, batch after batch. */
export async function handlerRate(handler: StreamHandler, bus: FakeEventBridge, events: readonly DomainEvent[]): Promise<PublisherFigures['handler']> {
  const batchSize = functionCatalog.outboxPublisher.trigger.batchSize;
  const records = events.map((e, i) => streamRecordOf(outboxItem(e), String(i + 1).padStart(21, '0')));
  const batches: DynamoDBStreamEvent[] = [];
  for (let i = 0; i < records.length; i += batchSize) batches.push({ Records: records.slice(i, i + batchSize) });
  const context = lambdaContext('outboxPublisher', functionCatalog.outboxPublisher);
  const [acceptedBefore, callsBefore] = [bus.accepted(), bus.calls()];
  const times: number[] = [];
  const started = performance.now();
  for (const batch of batches) {
    const t0 = performance.now();
    const answer = await handler(batch, context);
    times.push(performance.now() - t0);
    if (answer?.batchItemFailures.length) throw new Error(`The publisher reported ${answer.batchItemFailures.length} failures against the fake EventBridge.`);
  }
  const wallMs = performance.now() - started;
  const accepted = bus.accepted() - acceptedBefore;
  if (accepted !== events.length) throw new Error(`The fake EventBridge accepted ${accepted} entries, expected ${events.length}.`);
  return { wallMs, eventsPerSecond: events.length / (wallMs / 1000), batchMs: summarize(times), putEventsCalls: bus.calls() - callsBefore };
}
