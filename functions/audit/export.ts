/**
 * Audit entries as files: CSV (RFC 4180) and JSON lines. CSV cells that a spreadsheet
 * would run as a formula (starting with = + - @, or a tab or carriage return) get a
 * leading apostrophe, so an attacker-chosen name or user agent cannot execute when an
 * admin opens the export.
 */
import type { AuditEntry } from './domain.js';

export const EXPORT_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const CSV_COLUMNS = [
  'occurredAt',
  'eventId',
  'type',
  'actorId',
  'via',
  'apiKeyId',
  'ip',
  'userAgent',
  'subjectKind',
  'subjectId',
  'correlationId',
  'detail',
] as const;

function rowOf(entry: AuditEntry): Record<(typeof CSV_COLUMNS)[number], string> {
  return {
    occurredAt: entry.occurredAt,
    eventId: entry.eventId,
    type: entry.action,
    actorId: entry.actor.userId,
    via: entry.actor.via,
    apiKeyId: entry.actor.apiKeyId ?? '',
    ip: entry.actor.ip ?? '',
    userAgent: entry.actor.userAgent ?? '',
    subjectKind: entry.subject.kind,
    subjectId: entry.subject.id,
    correlationId: entry.correlationId ?? '',
    detail: JSON.stringify(entry.detail ?? {}),
  };
}

/** One CSV cell: formula triggers neutralized, then quoted when it holds a quote, comma or line break. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(entries: readonly AuditEntry[], withHeader: boolean): string {
  const lines = entries.map((entry) => {
    const row = rowOf(entry);
    return CSV_COLUMNS.map((column) => csvCell(row[column])).join(',');
  });
  if (withHeader) lines.unshift(CSV_COLUMNS.join(','));
  return lines.map((line) => `${line}\r\n`).join('');
}

/**
 * How many leading entries fit in `maxBytes` of output: a Lambda response is capped at
 * 6 MB, and 5,000 entries with large event data would pass it. At least one, so an
 * export always moves forward.
 */
export function entriesWithin(entries: readonly AuditEntry[], format: ExportFormat, withHeader: boolean, maxBytes: number): number {
  let bytes = format === 'csv' && withHeader ? Buffer.byteLength(`${CSV_COLUMNS.join(',')}\r\n`) : 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries.slice(i, i + 1);
    bytes += Buffer.byteLength(format === 'csv' ? toCsv(entry, false) : toJsonLines(entry));
    if (bytes > maxBytes) return Math.max(1, i);
  }
  return entries.length;
}

/** One entry per line, in the same shape as the JSON API's items. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(auditEntryView(entry))}\n`).join('');
}

/** The wire shape of an entry (the API's items and the JSON lines export). */
export function auditEntryView(entry: AuditEntry) {
  return {
    id: entry.eventId,
    type: entry.action,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    subject: entry.subject,
    ...(entry.correlationId ? { correlationId: entry.correlationId } : {}),
    detail: entry.detail ?? {},
  };
}
