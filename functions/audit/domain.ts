/**
 * The audit trail: an append-only record of who did what to which object, when and from
 * where. Entries are derived from domain events, so every change that emits an event is
 * audited, and an entry's id is its event's id (a redelivered event writes nothing new).
 */
import type { DomainEvent } from '../events/domain.js';
import { InvalidInput } from '../platform/errors.js';

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

/**
 * Every audit item's partition key starts with this (`AUDIT#<yyyy-mm>`). The function
 * catalog declares it append-only, and the stack turns that into IAM denies on it.
 */
export const AUDIT_KEY_PREFIX = 'AUDIT#';

/** The longest range one query may walk: a year and a month, so "the last 12 months" always fits. */
export const MAX_RANGE_MONTHS = 13;
const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_RANGE_DAYS = 30;

/** What to read from the trail. `from` and `to` are inclusive ISO instants. */
export interface AuditQuery {
  from: string;
  to: string;
  actorId?: string;
  subjectKind?: string;
  subjectId?: string;
  /** An exact event type, or a prefix ending in `*` (e.g. `identity.*`). */
  type?: string;
}

/**
 * Normalizes a requested range: a bare date means the whole day (UTC); no `to` means now;
 * no `from` means 30 days before `to`. Refuses inverted ranges and ranges over 13 months,
 * which would make one request walk an unbounded number of month partitions.
 */
export function auditRange(input: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = input.to ? instant(input.to, 'end') : now.toISOString();
  const from = input.from ? instant(input.from, 'start') : new Date(Date.parse(to) - DEFAULT_RANGE_DAYS * DAY_MS).toISOString();
  if (from > to) throw new InvalidInput('`from` is after `to`.', { from, to });
  if (monthsBetween(from, to).length > MAX_RANGE_MONTHS) {
    throw new InvalidInput(`The range spans more than ${MAX_RANGE_MONTHS} months; narrow it.`, { from, to });
  }
  return { from, to };
}

function instant(value: string, edge: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
  return new Date(value).toISOString();
}

/** The months (`yyyy-mm`) a range touches, newest first: the AP5 partitions to walk. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(to.slice(0, 4));
  let month = Number(to.slice(5, 7));
  const first = from.slice(0, 7);
  for (;;) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (current < first) break;
    months.push(current);
    // A bounded loop even for absurd input: the caller refuses more than 13 months anyway.
    if (months.length > MAX_RANGE_MONTHS) break;
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return months;
}
