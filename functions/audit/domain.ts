/**
 * The audit trail: an append-only record of who did what to which object, when and from
 * where. Entries are derived from domain events, so every change that emits an event is
 * audited, and an entry's id is its event's id (a redelivered event writes nothing new).
 */
import type { DomainEvent } from '../events/domain.js';

export interface AuditEntry {
  eventId: string;
  action: string;
  occurredAt: string;
  actor: DomainEvent['actor'];
  subject: DomainEvent['subject'];
  correlationId?: string;
  /** The event's data, kept for investigation; bounded by the event size limit. */
  detail: Record<string, unknown>;
}

export function auditEntryFrom(event: DomainEvent): AuditEntry {
  return {
    eventId: event.id,
    action: event.type,
    occurredAt: event.occurredAt,
    actor: event.actor,
    subject: event.subject,
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
    detail: event.data,
  };
}
