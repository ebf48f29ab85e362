/**
 * Wire schemas of attachments; shared with the SPA's typed client. Files go straight to
 * the installation's bucket through a presigned POST whose policy enforces the declared
 * size and content type; the API never carries file bytes.
 */
import { z } from 'zod';

/** Largest single attachment. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Content types an attachment may have; anything else is refused before the presign. */
export const ATTACHMENT_CONTENT_TYPES = [
  'application/pdf',
  'application/zip',
  'application/json',
  'text/plain',
  'text/markdown',
  'text/csv',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
] as const;
/** Seconds a presigned upload or download link stays valid. */
export const UPLOAD_LINK_SECONDS = 300;
export const DOWNLOAD_LINK_SECONDS = 300;

export const attachmentSchema = z
  .object({
    id: z.string(),
    documentId: z.string(),
    fileName: z.string(),
    contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
    sizeBytes: z.number().int().positive(),
    /** `pending` until the upload is confirmed; only `ready` ones count against storage and can be downloaded. */
    status: z.enum(['pending', 'ready']),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Attachment' });
export type AttachmentView = z.infer<typeof attachmentSchema>;
export const attachmentList = z.object({ items: z.array(attachmentSchema) });

export const createAttachmentBody = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point of this rule.
      .regex(/^[^/\\\u0000-\u001f]+$/, 'A file name cannot contain slashes or control characters.'),
    contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
    sizeBytes: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
  })
  .strict();

/** A browser-based upload: POST a multipart form with `fields` then the file (as `file`, last) to `url`. */
export const presignedUploadSchema = z
  .object({ url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string() })
  .meta({ id: 'PresignedUpload' });
export const createdAttachment = z.object({ attachment: attachmentSchema, upload: presignedUploadSchema });

export const downloadLinkSchema = z.object({ url: z.string(), expiresAt: z.string() }).meta({ id: 'DownloadLink' });

export const attachmentParams = z.object({
  documentId: z.string().regex(/^[0-9A-Z]{26}$/),
  attachmentId: z.string().regex(/^[0-9A-Z]{26}$/),
});
