/** HTTP routes of the audit trail: a paginated viewer and a file export, for admins. */
import { z } from 'zod';
import { defineRoute, TextReply } from '../platform/route.js';
import type { Services } from '../services.js';
import { type AuditQuery, auditRange } from './domain.js';
import { FEATURES } from '../entitlements/domain.js';
import { requireFeature } from '../entitlements/limits.js';
import { auditEntryView, EXPORT_FORMATS, entriesWithin, toCsv, toJsonLines } from './export.js';
import { auditExportQuery, auditListQuery, auditPage, auditSummary, auditSummaryQuery } from './schemas.js';

/** Most items one page may read before filters: a short page with a cursor beats a slow one. */
const LIST_READ_BUDGET = 2000;
/** The export reads more per response: it is one request per 5,000 rows, made by a script or the SPA. */
const EXPORT_READ_BUDGET = 20_000;
/** Below Lambda's 6 MB response limit, with room for headers. */
const EXPORT_MAX_BYTES = 5 * 1024 * 1024;

type Filters = { from?: string; to?: string; actorId?: string; subjectKind?: string; subjectId?: string; type?: string };

function auditQueryOf(filters: Filters, services: Pick<Services, 'clock'>): AuditQuery {
  const { from, to } = auditRange(filters, services.clock.now());
  const { actorId, subjectKind, subjectId, type } = filters;
  return { from, to, ...defined({ actorId, subjectKind, subjectId, type }) };
}

const defined = <T extends Record<string, string | undefined>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;

export const listAudit = defineRoute({
  method: 'GET',
  path: '/api/audit',
  operationId: 'listAudit',
  summary: 'Audit entries in a range, newest first, filtered by actor, object or event type',
  tag: 'audit',
  access: { action: 'audit:read' },
  query: auditListQuery,
  response: auditPage,
  async handle({ query, services }) {
    const audit = auditQueryOf(query, services);
    const page = await services.audit.query(audit, { limit: query.limit, cursor: query.cursor, readBudget: LIST_READ_BUDGET });
    return {
      items: page.items.map(auditEntryView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      range: { from: audit.from, to: audit.to },
    };
  },
});

export const exportAudit = defineRoute({
  method: 'GET',
  path: '/api/audit/export',
  operationId: 'exportAudit',
  summary: 'Audit entries as CSV or JSON lines, up to 5,000 per response; follow `Link: rel="next"` for the rest',
  tag: 'audit',
  access: { action: 'audit:read' },
  query: auditExportQuery,
  response: z.string(),
  textContentTypes: Object.values(EXPORT_FORMATS).map((f) => f.contentType),
  async handle({ query, services }) {
    // A plan feature: the viewer stays open to every admin, the file export is Pro and up.
    await requireFeature(services, FEATURES.auditExport, 'Exporting the audit trail');
    const audit = auditQueryOf(query, services);
    const read = (limit: number) => services.audit.query(audit, { limit, cursor: query.cursor, readBudget: EXPORT_READ_BUDGET });
    let page = await read(query.limit);
    const fit = entriesWithin(page.items, query.format, !query.cursor, EXPORT_MAX_BYTES);
    // Too large for one response: read the same walk again, stopping after the rows that fit,
    // so the cursor continues right after them. Rare: entries are small.
    if (fit < page.items.length) page = await read(fit);
    const format = EXPORT_FORMATS[query.format];
    // The CSV header opens the first response only, so the responses concatenate into one file.
    const body = query.format === 'csv' ? toCsv(page.items, !query.cursor) : toJsonLines(page.items);
    const headers: Record<string, string> = {
      'content-disposition': `attachment; filename="audit-${audit.from.slice(0, 10)}-${audit.to.slice(0, 10)}.${format.extension}"`,
      'x-row-count': String(page.items.length),
    };
    if (page.nextCursor) {
      // The next link pins the resolved range, so "now" does not move between responses.
      const next = new URLSearchParams({ ...defined({ ...query, limit: String(query.limit), from: audit.from, to: audit.to }), cursor: page.nextCursor });
      headers['x-next-cursor'] = page.nextCursor;
      headers.link = `</api/audit/export?${next.toString()}>; rel="next"`;
    }
    return new TextReply(body, format.contentType, headers);
  },
});

export const summarizeAudit = defineRoute({
  method: 'GET',
  path: '/api/audit/summary',
  operationId: 'summarizeAudit',
  summary: 'Audit entries per day (UTC) in a range, from counters kept as entries are written',
  tag: 'audit',
  access: { action: 'audit:read' },
  query: auditSummaryQuery,
  response: auditSummary,
  async handle({ query, services }) {
    const range = auditRange(query, services.clock.now());
    const days = await services.audit.countPerDay(range);
    return { days, total: days.reduce((sum, d) => sum + d.count, 0), range };
  },
});

export const auditRoutes = [listAudit, exportAudit, summarizeAudit];
