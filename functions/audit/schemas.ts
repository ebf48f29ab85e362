/** Wire schemas of the audit trail; shared with the SPA's typed client. */
import { z } from 'zod';

/** Rows of one export response; the `Link: rel="next"` header continues from there. */
export const MAX_EXPORT_ROWS = 5000;
export const MAX_PAGE_SIZE = 200;

const dateOrInstant = z
  .string()
  .max(40)
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'Expected a date (YYYY-MM-DD) or an ISO 8601 instant.',
  })
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)), { message: 'Not a valid date.' });

const filters = {
  from: dateOrInstant.optional().describe('Start of the range, inclusive (a date means its first instant, UTC). Default: 30 days before `to`.'),
  to: dateOrInstant.optional().describe('End of the range, inclusive (a date means its last instant, UTC). Default: now. At most 13 months after `from`.'),
  actorId: z.string().min(1).max(256).optional().describe('Only what this user did (served by the actor index).'),
  subjectKind: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9_-]{0,39}$/)
    .optional()
    .describe('Only entries about objects of this kind (e.g. `user`, `group`, `project`).'),
  subjectId: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[^#]+$/)
    .optional()
    .describe('With `subjectKind`: the history of this one object (served by the subject index).'),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,99}\*?$/)
    .optional()
    .describe('An event type, or a prefix ending in `*` (e.g. `identity.*`).'),
  cursor: z.string().max(2048).optional(),
};

const needsKind = (q: { subjectId?: string; subjectKind?: string }) => !q.subjectId || Boolean(q.subjectKind);
const kindMessage = { message: '`subjectId` needs `subjectKind`.', path: ['subjectId'] };

export const auditListQuery = z
  .object({ ...filters, limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50) })
  .strict()
  .refine(needsKind, kindMessage);

export const auditExportQuery = z
  .object({
    ...filters,
    format: z.enum(['csv', 'jsonl']).default('csv'),
    limit: z.coerce.number().int().min(1).max(MAX_EXPORT_ROWS).default(MAX_EXPORT_ROWS),
  })
  .strict()
  .refine(needsKind, kindMessage);

export const auditEntrySchema = z
  .object({
    id: z.string().describe("The domain event's id."),
    type: z.string(),
    occurredAt: z.string(),
    actor: z.object({
      userId: z.string(),
      via: z.enum(['session', 'apiKey', 'system']),
      apiKeyId: z.string().optional(),
      ip: z.string().optional(),
      userAgent: z.string().optional(),
    }),
    subject: z.object({ kind: z.string(), id: z.string() }),
    correlationId: z.string().optional(),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPage = z
  .object({
    items: z.array(auditEntrySchema),
    nextCursor: z.string().optional().describe('Present when more entries may exist; a page can be short when a filter had to read past many entries.'),
    range: z.object({ from: z.string(), to: z.string() }),
  })
  .meta({ id: 'AuditPage' });

export const auditSummaryQuery = z.object({ from: filters.from, to: filters.to }).strict();

export const auditSummary = z
  .object({
    days: z.array(z.object({ day: z.string(), count: z.number().int().nonnegative() })).describe('Days with at least one entry, oldest first.'),
    total: z.number().int().nonnegative(),
    range: z.object({ from: z.string(), to: z.string() }),
  })
  .meta({ id: 'AuditSummary' });
