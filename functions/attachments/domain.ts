/**
 * Attachments: files of a document, stored in the bucket under `attachments/<docId>/<attId>`.
 * One is `pending` from its presigned upload until the API confirms the object, then
 * `ready` and counted against the storage quota. Pending ones expire (TTL) when never
 * completed. Pure rules and types: no AWS, no HTTP.
 */
import { blobKeys } from '../blobs/blob-store.js';
import { InvalidInput } from '../platform/errors.js';
import { type AttachmentView, UPLOAD_LINK_SECONDS } from './schemas.js';

export const ATTACHMENT_EVENTS = {
  created: 'attachment.created',
  ready: 'attachment.ready',
  deleted: 'attachment.deleted',
  purged: 'attachment.purged',
} as const;

/** Files per document; keeps the listing one bounded Query. */
export const MAX_ATTACHMENTS_PER_DOCUMENT = 50;
/** A pending item outlives its upload link by a day, then TTL removes it. */
const PENDING_TTL_SECONDS = UPLOAD_LINK_SECONDS + 24 * 3600;

export interface Attachment {
  attachmentId: string;
  documentId: string;
  projectId: string;
  fileName: string;
  contentType: AttachmentView['contentType'];
  sizeBytes: number;
  status: 'pending' | 'ready';
  createdAt: string;
  createdBy: string;
  /** The object's key in the bucket. */
  key: string;
  /** TTL (epoch seconds) while pending. */
  expiresAt?: number;
}

export function newAttachment(input: {
  attachmentId: string;
  documentId: string;
  projectId: string;
  fileName: string;
  contentType: Attachment['contentType'];
  sizeBytes: number;
  createdBy: string;
  now: Date;
}): Attachment {
  return {
    attachmentId: input.attachmentId,
    documentId: input.documentId,
    projectId: input.projectId,
    fileName: input.fileName,
    contentType: input.contentType,
    sizeBytes: input.sizeBytes,
    status: 'pending',
    createdAt: input.now.toISOString(),
    createdBy: input.createdBy,
    key: blobKeys.attachment(input.documentId, input.attachmentId),
    expiresAt: Math.floor(input.now.getTime() / 1000) + PENDING_TTL_SECONDS,
  };
}

/** The uploaded object must be exactly what was declared (the policy already enforces it; this is the second lock). */
export function assertUploadMatches(attachment: Attachment, object: { sizeBytes: number; contentType: string | undefined }): void {
  if (object.sizeBytes !== attachment.sizeBytes || object.contentType !== attachment.contentType) {
    throw new InvalidInput('The uploaded file is not the one declared; upload it again.', {
      declared: { sizeBytes: attachment.sizeBytes, contentType: attachment.contentType },
      uploaded: object,
    });
  }
}

export const attachmentView = (a: Attachment): AttachmentView => ({
  id: a.attachmentId,
  documentId: a.documentId,
  fileName: a.fileName,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
  status: a.status,
  createdAt: a.createdAt,
  createdBy: a.createdBy,
});
