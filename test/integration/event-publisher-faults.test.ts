/**
 * The outbox publisher under bus faults, on DynamoDB Local's real table stream read by
 * the local event source mapping (the stream poller): a PutEvents partial failure
 * (FailedEntryCount > 0) and a failed call are retried from the first refused record, so
 * no event is lost; records before it may be published again, and the audit consumer
 * still writes each entry once. EventBridge faults cannot be injected into the local bus,
 * so the EventBridge client alone is scripted (aws-sdk-client-mock).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditConsumer } from '../../functions/audit/consumer.js';
import { dynamoAuditStore } from '../../functions/audit/store.js';
import { type DomainEvent, domainEvent } from '../../functions/events/domain.js';
import { eventBridgeBus } from '../../functions/events/eventbridge-bus.js';
import { OUTBOX_ENTITY, outboxPut } from '../../functions/events/outbox.js';
import { type EventBus, publishOutboxRecords } from '../../functions/events/publisher.js';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { startStreamPoller } from '../../functions/local/stream-poller.js';
import { ulidSource } from '../../functions/platform/ids.js';
import { systemClock } from '../../functions/platform/ports.js';
import { eventually } from '../support/eventually.js';
import { createTestTable, type TestTable } from '../support/table.js';

let table: TestTable;
let streams: DynamoDBStreamsClient;
let poller: Awaited<ReturnType<typeof startStreamPoller>> | undefined;
const eventBridge = mockClient(EventBridgeClient);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  table = await createTestTable('publisher-faults');
  streams = new DynamoDBStreamsClient({ endpoint: table.endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  eventBridge.reset();
});

afterAll(async () => {
  eventBridge.restore();
  streams?.destroy();
  await table?.drop();
});

/** Writes each event as its own outbox item, as a use case's transaction does. */
async function writeEvents(runId: string, count: number): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  for (let n = 0; n < count; n++) {
    const event = domainEvent(
      { type: 'identity.group.created', actor: { userId: runId, via: 'system' }, subject: { kind: 'group', id: `${runId}-${n}` }, data: { name: `g${n}` } },
      { clock: systemClock, ids: ulidSource },
    );
    await table.db.send(new TransactWriteCommand({ TransactItems: [outboxPut(table.tableName, event)] }));
    events.push(event);
  }
  return events;
}

/**
 * The publisher function as the event source mapping invokes it, with the bus behind it;
 * events the bus accepted go to the audit consumer, as the rule → queue → worker path does.
 */
async function startPublishing(bus: EventBus, runId: string, onAccepted: (event: DomainEvent) => Promise<void>) {
  poller = await startStreamPoller({
    dynamo: table.client,
    streams,
    tableName: table.tableName,
    batchSize: 100,
    retryAttempts: 10,
    intervalMs: 50,
    log: quiet,
    filter: (r) =>
      r.eventName === 'INSERT' && r.dynamodb?.NewImage?.entity?.S === OUTBOX_ENTITY && r.dynamodb?.NewImage?.event?.M?.actor?.M?.userId?.S === runId,
    invoke: async (event) => {
      const accepted: DomainEvent[] = [];
      const result = await publishOutboxRecords(event.Records, {
        async publish(events) {
          const { failedIds } = await bus.publish(events);
          accepted.push(...events.filter((e) => !failedIds.includes(e.id)));
          return { failedIds };
        },
      });
      for (const e of accepted) await onAccepted(e);
      return { batchItemFailures: result.batchItemFailures };
    },
  });
}

const entriesOf = async (runId: string) => (await table.items()).filter((i) => i.entity === 'AuditEntry' && (i.actor as { userId?: string }).userId === runId);

describe('the outbox publisher under bus faults', () => {
  it('retries a PutEvents partial failure and a failed call from the first refused record: nothing lost, audited once', async () => {
    const runId = `run-${randomUUID()}`;
    const events = await writeEvents(runId, 6);
    const calls: string[][] = [];
    const acceptedByBus: string[] = [];
    eventBridge.on(PutEventsCommand).callsFake(async (input: PutEventsCommandInput): Promise<Partial<PutEventsCommandOutput>> => {
      const ids = (input.Entries ?? []).map((e) => (JSON.parse(e.Detail ?? '{}') as DomainEvent).id);
      calls.push(ids);
      // First call: the third entry is throttled, the others accepted (FailedEntryCount 1).
      if (calls.length === 1) {
        acceptedByBus.push(...ids.filter((_, i) => i !== 2));
        return {
          FailedEntryCount: 1,
          Entries: ids.map((_, i) => (i === 2 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `e${i}` })),
        };
      }
      // Second call: the service is down.
      if (calls.length === 2) throw Object.assign(new Error('Service unavailable'), { name: 'InternalException' });
      acceptedByBus.push(...ids);
      return { FailedEntryCount: 0, Entries: ids.map((_, i) => ({ EventId: `ok${i}` })) };
    });
    const audit = auditConsumer(dynamoAuditStore(table.db, table.tableName));
    await startPublishing(eventBridgeBus(new EventBridgeClient({ region: 'local' }), 'ownstack-test'), runId, (e) =>
      audit(e, { receiveCount: 1, lastAttempt: false }),
    );

    await eventually(async () => events.every((e) => acceptedByBus.includes(e.id)), { what: 'every event on the bus', timeoutMs: 15_000 });
    const ids = events.map((e) => e.id);
    expect(calls[0]).toEqual(ids);
    // Retried from the refused record (the third); the two before it were checkpointed.
    expect(calls[1]).toEqual(ids.slice(2));
    expect(calls[2]).toEqual(ids.slice(2));
    // Records after the refused one were accepted twice: at least once, never lost.
    expect(acceptedByBus.filter((id) => id === ids[3])).toHaveLength(2);

    const entries = await eventually(
      async () => {
        const found = await entriesOf(runId);
        return found.length === events.length && found;
      },
      { what: 'one audit entry per event' },
    );
    expect(entries.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    await poller?.stop();
    expect(await entriesOf(runId)).toHaveLength(events.length);
  });

  it('retries the whole batch when the publisher itself throws, then publishes every event once more', async () => {
    const runId = `run-${randomUUID()}`;
    const events = await writeEvents(runId, 3);
    const published: string[] = [];
    let calls = 0;
    const flakyBus: EventBus = {
      async publish(batch) {
        calls++;
        if (calls === 1) throw new Error('connection reset');
        published.push(...batch.map((e) => e.id));
        return { failedIds: [] };
      },
    };
    const audit = auditConsumer(dynamoAuditStore(table.db, table.tableName));
    await startPublishing(flakyBus, runId, (e) => audit(e, { receiveCount: 1, lastAttempt: false }));

    await eventually(async () => published.length >= events.length, { what: 'the retried batch', timeoutMs: 15_000 });
    expect(calls).toBe(2);
    expect(published).toEqual(events.map((e) => e.id));
    await eventually(async () => (await entriesOf(runId)).length === events.length, { what: 'the audit entries' });
  });

  it('writes one audit entry when the same event reaches the consumer twice', async () => {
    const runId = `run-${randomUUID()}`;
    const [event] = await writeEvents(runId, 1);
    const store = dynamoAuditStore(table.db, table.tableName);
    const { auditEntryFrom } = await import('../../functions/audit/domain.js');
    expect(await store.append(auditEntryFrom(event as DomainEvent))).toBe(true);
    expect(await store.append(auditEntryFrom(event as DomainEvent))).toBe(false);
    expect(await entriesOf(runId)).toHaveLength(1);
  });
});
