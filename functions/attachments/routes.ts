/**
 * HTTP routes of attachments. File bytes never pass through the API: creating one returns
 * a presigned POST for the browser, completing it checks the object in the bucket and
 * counts it, downloading returns a short-lived presigned GET. Access follows the document:
 * a caller who may not read it gets 404 whether it exists or not.
 */
import { z } from 'zod';
import { quotaExceeded } from '../entitlements/usage.js';
import { documentParams } from '../documents/schemas.js';
import { readableDocument, writableDocument } from '../documents/access.js';
import { type Caller, callerEvent, callerOf } from '../platform/caller.js';
import { Conflict, InvalidInput, NotFound, QuotaExceeded } from '../platform/errors.js';
import { defineRoute, Reply } from '../platform/route.js';
import { ATTACHMENT_EVENTS, type Attachment, assertUploadMatches, attachmentView, MAX_ATTACHMENTS_PER_DOCUMENT, newAttachment } from './domain.js';
import {
  attachmentList,
  attachmentParams,
  attachmentSchema,
  createAttachmentBody,
  createdAttachment,
  DOWNLOAD_LINK_SECONDS,
  downloadLinkSchema,
  UPLOAD_LINK_SECONDS,
} from './schemas.js';

const eventOf = (caller: Caller, type: string, a: Attachment, data: Record<string, unknown> = {}) =>
  callerEvent(
    caller,
    type,
    { kind: 'attachment', id: a.attachmentId },
    { documentId: a.documentId, projectId: a.projectId, fileName: a.fileName, sizeBytes: a.sizeBytes, ...data },
  );

async function existing(caller: Caller, documentId: string, attachmentId: string): Promise<Attachment> {
  const attachment = await caller.services.attachments.get(documentId, attachmentId);
  if (!attachment) throw new NotFound('No such attachment.');
  return attachment;
}

export const listAttachments = defineRoute({
  method: 'GET',
  path: '/api/documents/{documentId}/attachments',
  operationId: 'listAttachments',
  summary: 'A document’s attachments, pending uploads included',
  tag: 'attachments',
  access: { action: 'projects:read' },
  params: documentParams,
  response: attachmentList,
  async handle(input) {
    const caller = callerOf(input);
    const doc = await readableDocument(caller, input.params.documentId);
    return { items: (await input.services.attachments.list(doc.documentId)).map(attachmentView) };
  },
});

export const createAttachment = defineRoute({
  method: 'POST',
  path: '/api/documents/{documentId}/attachments',
  operationId: 'createAttachment',
  summary: 'Offer an upload: a pending attachment and a presigned POST that accepts exactly the declared file',
  tag: 'attachments',
  access: { action: 'projects:read' },
  params: documentParams,
  body: createAttachmentBody,
  response: createdAttachment,
  status: 201,
  async handle(input) {
    const caller = callerOf(input);
    const { services } = input;
    const doc = await writableDocument(caller, input.params.documentId);
    if ((await services.attachments.list(doc.documentId)).length >= MAX_ATTACHMENTS_PER_DOCUMENT)
      throw new Conflict(`A document holds at most ${MAX_ATTACHMENTS_PER_DOCUMENT} attachments; delete one first.`);
    // A pre-check only, so nobody uploads a file that cannot count; completing checks again, atomically.
    const limit = (await services.entitlements()).quotas.storageBytes;
    if ((await services.usage.current()).storageBytes + input.body.sizeBytes > limit) throw await quotaExceeded(services.usage, 'storageBytes', limit);
    const attachment = newAttachment({
      attachmentId: services.ids.next(),
      documentId: doc.documentId,
      projectId: doc.projectId,
      ...input.body,
      createdBy: caller.principal.userId,
      now: services.clock.now(),
    });
    await services.attachments.createPending(attachment, eventOf(caller, ATTACHMENT_EVENTS.created, attachment, { contentType: attachment.contentType }));
    const upload = await services.blobs.presignUpload(attachment.key, {
      contentType: attachment.contentType,
      sizeBytes: attachment.sizeBytes,
      expiresInSeconds: UPLOAD_LINK_SECONDS,
    });
    return new Reply({ attachment: attachmentView(attachment), upload }, 201);
  },
});

export const completeAttachment = defineRoute({
  method: 'POST',
  path: '/api/documents/{documentId}/attachments/{attachmentId}/complete',
  operationId: 'completeAttachment',
  summary: 'Confirm an upload: checks the object, marks the attachment ready and counts its storage',
  tag: 'attachments',
  access: { action: 'projects:read' },
  params: attachmentParams,
  response: attachmentSchema,
  async handle(input) {
    const caller = callerOf(input);
    const { services } = input;
    const doc = await writableDocument(caller, input.params.documentId);
    const attachment = await existing(caller, doc.documentId, input.params.attachmentId);
    if (attachment.status === 'ready') return attachmentView(attachment);
    const object = await services.blobs.head(attachment.key);
    if (!object) throw new Conflict('The file has not been uploaded yet: POST it to the upload link first.');
    try {
      assertUploadMatches(attachment, object);
      const limit = (await services.entitlements()).quotas.storageBytes;
      return attachmentView(await services.attachments.markReady(attachment, limit, eventOf(caller, ATTACHMENT_EVENTS.ready, attachment)));
    } catch (error) {
      // A file that cannot count must not linger in the bucket, uncounted.
      if (!(error instanceof QuotaExceeded) && !(error instanceof InvalidInput)) throw error;
      await services.blobs.delete(attachment.key);
      await services.attachments.discardPending(attachment);
      if (error instanceof QuotaExceeded) throw await quotaExceeded(services.usage, 'storageBytes', (await services.entitlements()).quotas.storageBytes);
      throw error;
    }
  },
});

export const downloadAttachment = defineRoute({
  method: 'GET',
  path: '/api/documents/{documentId}/attachments/{attachmentId}/download',
  operationId: 'downloadAttachment',
  summary: 'A short-lived link to download the file',
  tag: 'attachments',
  access: { action: 'projects:read' },
  params: attachmentParams,
  response: downloadLinkSchema,
  async handle(input) {
    const caller = callerOf(input);
    const doc = await readableDocument(caller, input.params.documentId);
    const attachment = await existing(caller, doc.documentId, input.params.attachmentId);
    if (attachment.status !== 'ready') throw new Conflict('The upload of this file is not complete.');
    return input.services.blobs.presignDownload(attachment.key, { fileName: attachment.fileName, expiresInSeconds: DOWNLOAD_LINK_SECONDS });
  },
});

export const deleteAttachment = defineRoute({
  method: 'DELETE',
  path: '/api/documents/{documentId}/attachments/{attachmentId}',
  operationId: 'deleteAttachment',
  summary: 'Delete an attachment and free its storage',
  tag: 'attachments',
  access: { action: 'projects:read' },
  params: attachmentParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    const caller = callerOf(input);
    const doc = await writableDocument(caller, input.params.documentId);
    const attachment = await existing(caller, doc.documentId, input.params.attachmentId);
    // The object first: if the item's transaction then fails, a retry finds the item and finishes.
    await input.services.blobs.delete(attachment.key);
    if (!(await input.services.attachments.remove(attachment, eventOf(caller, ATTACHMENT_EVENTS.deleted, attachment))))
      throw new NotFound('No such attachment.');
    return new Reply(undefined, 204);
  },
});

export const attachmentRoutes = [listAttachments, createAttachment, completeAttachment, downloadAttachment, deleteAttachment];
