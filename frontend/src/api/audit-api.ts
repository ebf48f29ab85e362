/**
 * Client methods of the audit trail: pages of entries, and the export, which follows the
 * server's next cursor until the filtered view is complete. Shapes from functions/audit/schemas.ts.
 */
import type { z } from 'zod';
import { type AuditEntryView, auditPage, auditSummary } from '../../../functions/audit/schemas.js';
import { queryString } from './projects-api.js';
import type { Requester } from './request.js';

export type { AuditEntryView as AuditEntry };
export type AuditPage = z.infer<typeof auditPage>;
export type AuditSummary = z.infer<typeof auditSummary>;

export interface AuditFilters {
  from?: string;
  to?: string;
  actorId?: string;
  subjectKind?: string;
  subjectId?: string;
  type?: string;
}

export type AuditExportFormat = 'csv' | 'jsonl';

/** 40 responses of 5,000 rows: a ceiling against a server that never stops sending cursors. */
const MAX_EXPORT_RESPONSES = 40;

export interface AuditApi {
  /** GET /api/audit: newest first; `nextCursor` when more may exist (a page can be short). */
  listAudit(filters: AuditFilters, page: { cursor?: string; limit?: number }, signal?: AbortSignal): Promise<AuditPage>;
  /** GET /api/audit/summary: entries per day in a range (all entries; filters do not apply). */
  summarizeAudit(range: { from?: string; to?: string }, signal?: AbortSignal): Promise<AuditSummary>;
  /** GET /api/audit/export, every response of the filtered view joined into one file's text. */
  exportAudit(
    filters: AuditFilters,
    format: AuditExportFormat,
    onProgress?: (rows: number) => void,
    signal?: AbortSignal,
  ): Promise<{ text: string; rows: number }>;
}

export function auditApi(send: Requester): AuditApi {
  return {
    listAudit: (filters, { cursor, limit }, signal) =>
      send({ method: 'GET', path: `/api/audit${queryString({ ...filters, cursor, limit })}`, response: auditPage, signal }),
    summarizeAudit: ({ from, to }, signal) => send({ method: 'GET', path: `/api/audit/summary${queryString({ from, to })}`, response: auditSummary, signal }),
    async exportAudit(filters, format, onProgress, signal) {
      const accept = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
      const parts: string[] = [];
      let rows = 0;
      let cursor: string | undefined;
      for (let n = 0; n < MAX_EXPORT_RESPONSES; n += 1) {
        const { body, headers } = await send.text({ path: `/api/audit/export${queryString({ ...filters, format, cursor })}`, accept, signal });
        parts.push(body);
        rows += Number(headers.get('x-row-count') ?? 0);
        onProgress?.(rows);
        cursor = headers.get('x-next-cursor') ?? undefined;
        if (!cursor) break;
      }
      return { text: parts.join(''), rows };
    },
  };
}
