/**
 * Client methods of attachments. The file itself never passes through the API: create
 * answers a presigned POST, the browser sends the file straight to storage, then
 * `complete` asks the API to check it and count it. Shapes from functions/attachments/schemas.ts.
 */
import type { z } from 'zod';
import {
  type AttachmentView,
  attachmentList,
  attachmentSchema,
  type createAttachmentBody,
  createdAttachment,
  downloadLinkSchema,
} from '../../../functions/attachments/schemas.js';
import { documentPath } from './documents-api.js';
import { noContent, type Requester } from './request.js';

export type { AttachmentView as Attachment };
export type NewAttachmentInput = z.input<typeof createAttachmentBody>;
export type CreatedAttachment = z.infer<typeof createdAttachment>;
export type DownloadLink = z.infer<typeof downloadLinkSchema>;

export interface AttachmentsApi {
  listAttachments(documentId: string, signal?: AbortSignal): Promise<AttachmentView[]>;
  /** POST …/attachments: a pending attachment and the presigned POST to upload it with. */
  createAttachment(documentId: string, input: NewAttachmentInput): Promise<CreatedAttachment>;
  /** POST …/attachments/{attachmentId}/complete: the upload is there; mark it ready and count it. */
  completeAttachment(documentId: string, attachmentId: string): Promise<AttachmentView>;
  /** GET …/attachments/{attachmentId}/download: a link valid for a few minutes. */
  attachmentDownloadLink(documentId: string, attachmentId: string): Promise<DownloadLink>;
  deleteAttachment(documentId: string, attachmentId: string): Promise<void>;
}

const attachment = (documentId: string, attachmentId: string) => `${documentPath(documentId)}/attachments/${encodeURIComponent(attachmentId)}` as const;

export function attachmentsApi(send: Requester): AttachmentsApi {
  return {
    listAttachments: async (documentId, signal) =>
      (await send({ method: 'GET', path: `${documentPath(documentId)}/attachments`, response: attachmentList, signal })).items,
    createAttachment: (documentId, input) =>
      send({ method: 'POST', path: `${documentPath(documentId)}/attachments`, body: input, response: createdAttachment }),
    completeAttachment: (documentId, attachmentId) =>
      send({ method: 'POST', path: `${attachment(documentId, attachmentId)}/complete`, response: attachmentSchema }),
    attachmentDownloadLink: (documentId, attachmentId) =>
      send({ method: 'GET', path: `${attachment(documentId, attachmentId)}/download`, response: downloadLinkSchema }),
    deleteAttachment: (documentId, attachmentId) => send({ method: 'DELETE', path: attachment(documentId, attachmentId), response: noContent }),
  };
}

/**
 * Sends a file to a presigned POST: the policy's fields first, the file last (S3 ignores
 * fields after it). XMLHttpRequest rather than fetch, because fetch reports no upload
 * progress. Resolves when storage accepted it; rejects with a sentence for people.
 */
export function uploadToPresignedPost(
  upload: { url: string; fields: Record<string, string> },
  file: File,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', upload.url);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () =>
      request.status >= 200 && request.status < 300 ? resolve() : reject(new Error(`Storage refused the file (HTTP ${request.status}).`));
    request.onerror = () => reject(new Error('The file could not be sent to storage. Check your connection, then try again.'));
    request.onabort = () => reject(new Error('The upload was cancelled.'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}
