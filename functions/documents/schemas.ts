/**
 * Wire schemas of documents; shared with the SPA's typed client. A document is markdown
 * with a title and tags, in one project. Every write names the version it read
 * (`If-Match: "<version>"`); a stale one gets 412 and changes nothing.
 */
import { z } from 'zod';
import { granteeKind } from '../projects/schemas.js';

/** Largest markdown body, in UTF-8 bytes (the item stays far under DynamoDB's 400 KB). */
export const MAX_DOCUMENT_BODY_BYTES = 256 * 1024;
export const MAX_TAGS = 20;

export const documentTitle = z.string().trim().min(1).max(200);
export const documentTag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'Tags are letters, digits, spaces, dots, dashes and underscores.');
export const documentBody = z
  .string()
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_DOCUMENT_BODY_BYTES, `A document body is at most ${MAX_DOCUMENT_BODY_BYTES / 1024} KiB.`);

export const DOCUMENT_SHARE_ROLES = ['viewer', 'editor'] as const;
export const documentShareRole = z.enum(DOCUMENT_SHARE_ROLES);

export const documentSummarySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    title: z.string(),
    tags: z.array(z.string()),
    /** The first 200 characters of the body as plain text. */
    excerpt: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    /** Words in the body; absent while a document stored before 0.2.0 waits for its migration. */
    wordCount: z.number().int().nonnegative().optional(),
    version: z.number().int().positive(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    deletedAt: z.string().optional(),
    purgeAt: z.string().optional(),
  })
  .meta({ id: 'DocumentSummary' });
export type DocumentSummaryView = z.infer<typeof documentSummarySchema>;

export const documentSchema = documentSummarySchema
  .extend({
    body: z.string(),
    /** What the caller may do with it. */
    myAccess: z.enum(['viewer', 'editor', 'owner']),
  })
  .meta({ id: 'Document' });
export type DocumentView = z.infer<typeof documentSchema>;

export const documentList = z.object({ items: z.array(documentSummarySchema), nextCursor: z.string().optional() }).meta({ id: 'DocumentList' });

export const listDocumentsQuery = z.object({
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const createDocumentBody = z
  .object({
    title: documentTitle,
    body: documentBody.default(''),
    tags: z.array(documentTag).max(MAX_TAGS).default([]),
  })
  .strict();
export const updateDocumentBody = z.object({ title: documentTitle, body: documentBody, tags: z.array(documentTag).max(MAX_TAGS) }).strict();
export const moveDocumentBody = z.object({ projectId: z.string().regex(/^[0-9A-Z]{26}$/) }).strict();

export const documentParams = z.object({ documentId: z.string().regex(/^[0-9A-Z]{26}$/) });

export const documentShareSchema = z
  .object({ kind: granteeKind, id: z.string(), label: z.string(), role: documentShareRole, sharedAt: z.string(), sharedBy: z.string() })
  .meta({ id: 'DocumentShare' });
export type DocumentShareView = z.infer<typeof documentShareSchema>;
export const documentShareList = z.object({ items: z.array(documentShareSchema) });
export const documentShareParams = z.object({
  documentId: z.string().regex(/^[0-9A-Z]{26}$/),
  kind: granteeKind,
  granteeId: z.string().min(1).max(256),
});
export const putDocumentShareBody = z.object({ role: documentShareRole }).strict();
