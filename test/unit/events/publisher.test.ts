import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, domainEvent } from '../../../functions/events/domain.js';
import { outboxItem } from '../../../functions/events/outbox.js';
import { type EventBus, publishOutboxRecords } from '../../../functions/events/publisher.js';
import { fixedClock, sequentialIds } from '../builders.js';

const deps = { clock: fixedClock(), ids: sequentialIds('EV') };
const anEvent = () => domainEvent({ type: 'test.happened', actor: { userId: 'u1', via: 'system' }, subject: { kind: 'thing', id: 't1' }, data: {} }, deps);

function streamRecord(item: object, sequenceNumber: string, eventName: DynamoDBRecord['eventName'] = 'INSERT'): DynamoDBRecord {
  // The SDK's AttributeValue and aws-lambda's describe the same wire shape with different types.
  const image = marshall(item, { removeUndefinedValues: true }) as unknown as Record<string, AttributeValue>;
  return { eventName, dynamodb: { SequenceNumber: sequenceNumber, NewImage: image } };
}

function recordingBus(failIds: string[] = []): EventBus & { published: DomainEvent[] } {
  const published: DomainEvent[] = [];
  return {
    published,
    async publish(events) {
      published.push(...events.filter((e) => !failIds.includes(e.id)));
      return { failedIds: events.filter((e) => failIds.includes(e.id)).map((e) => e.id) };
    },
  };
}

describe('outbox publisher', () => {
  it('publishes the events of inserted outbox items, in stream order', async () => {
    const [a, b] = [anEvent(), anEvent()];
    const bus = recordingBus();
    const result = await publishOutboxRecords([streamRecord(outboxItem(a), '1'), streamRecord(outboxItem(b), '2')], bus);
    expect(bus.published.map((e) => e.id)).toEqual([a.id, b.id]);
    expect(result).toEqual({ batchItemFailures: [], published: 2 });
  });

  it('ignores items that are not outbox events and records that are not inserts', async () => {
    const bus = recordingBus();
    const event = anEvent();
    const result = await publishOutboxRecords(
      [streamRecord({ pk: 'USER#1', sk: 'PROFILE', entity: 'User' }, '1'), streamRecord(outboxItem(event), '2', 'REMOVE')],
      bus,
    );
    expect(bus.published).toEqual([]);
    expect(result.published).toBe(0);
  });

  it('reports the first refused record so Lambda retries from there, and loses nothing', async () => {
    const [a, b, c] = [anEvent(), anEvent(), anEvent()];
    const result = await publishOutboxRecords(
      [streamRecord(outboxItem(a), '10'), streamRecord(outboxItem(b), '11'), streamRecord(outboxItem(c), '12')],
      recordingBus([b.id]),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '11' }]);
    expect(result.published).toBe(2);
  });
});
