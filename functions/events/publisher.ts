/**
 * Moves outbox items from the table stream onto the event bus. A record that fails to
 * publish is reported by sequence number, so Lambda retries from there (the records
 * before it may be published again: consumers deduplicate by event id). Nothing is
 * acknowledged before the bus has accepted it.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBBatchResponse } from 'aws-lambda';
import type { DomainEvent } from './domain.js';
import { OUTBOX_ENTITY, type OutboxItem } from './outbox.js';

export interface EventBus {
  /** Publishes the events in order; returns the ids the bus did not accept. */
  publish(events: DomainEvent[]): Promise<{ failedIds: string[] }>;
}

export async function publishOutboxRecords(records: DynamoDBRecord[], bus: EventBus): Promise<DynamoDBBatchResponse & { published: number }> {
  const pending: { event: DomainEvent; sequenceNumber: string }[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as Partial<OutboxItem>;
    if (item.entity !== OUTBOX_ENTITY || !item.event) continue;
    pending.push({ event: item.event, sequenceNumber: record.dynamodb.SequenceNumber ?? '' });
  }
  if (pending.length === 0) return { batchItemFailures: [], published: 0 };

  const { failedIds } = await bus.publish(pending.map((p) => p.event));
  const failed = new Set(failedIds);
  const firstFailure = pending.find((p) => failed.has(p.event.id));
  return {
    batchItemFailures: firstFailure ? [{ itemIdentifier: firstFailure.sequenceNumber }] : [],
    published: pending.length - failed.size,
  };
}
