/**
 * Outbox items: a domain event stored as an item in the same TransactWriteItems call as
 * the change it describes, so the event exists if and only if the change does. The
 * stream publisher reads INSERTs of these items; TTL removes them after a week (those
 * REMOVE records are filtered out at the event source mapping).
 */
import type { ItemBase } from '../platform/table-design.js';
import type { DomainEvent } from './domain.js';

export const OUTBOX_ENTITY = 'OutboxEvent';
const RETENTION_SECONDS = 7 * 24 * 3600;

export interface OutboxItem extends ItemBase {
  entity: typeof OUTBOX_ENTITY;
  event: DomainEvent;
  expiresAt: number;
}

export const outboxKeys = {
  event: (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: 'EVENT' }),
};

export function outboxItem(event: DomainEvent): OutboxItem {
  return {
    ...outboxKeys.event(event.id),
    entity: OUTBOX_ENTITY,
    schemaVersion: 1,
    event,
    expiresAt: Math.floor(Date.parse(event.occurredAt) / 1000) + RETENTION_SECONDS,
  };
}

/** The transaction element that writes an event; put it beside the change's own writes. */
export function outboxPut(tableName: string, event: DomainEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: outboxItem(event),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
