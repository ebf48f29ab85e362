/**
 * The worker's consumer of `document.purged`: deletes the purged document's files and
 * frees their storage. Idempotent: each object is deleted before its item, and the item's
 * delete (with the storage it frees) is conditional, so a redelivery or a crash half-way
 * finishes the job without freeing anything twice.
 */
import type { BlobStore } from '../blobs/blob-store.js';
import { domainEvent } from '../events/domain.js';
import type { EventConsumer } from '../jobs/worker.js';
import type { Clock, IdSource } from '../platform/ports.js';
import { ATTACHMENT_EVENTS } from './domain.js';
import type { AttachmentStore } from './store.js';

export function attachmentPurgeConsumer(deps: { attachments: AttachmentStore; blobs: BlobStore; clock: Clock; ids: IdSource }): EventConsumer {
  return async (event) => {
    const documentId = typeof event.data.documentId === 'string' ? event.data.documentId : event.subject.id;
    for (const attachment of await deps.attachments.list(documentId)) {
      await deps.blobs.delete(attachment.key);
      await deps.attachments.remove(
        attachment,
        domainEvent(
          {
            type: ATTACHMENT_EVENTS.purged,
            actor: { userId: 'system', via: 'system' },
            subject: { kind: 'attachment', id: attachment.attachmentId },
            data: { documentId, projectId: attachment.projectId, fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, cause: event.id },
            ...(event.correlationId ? { correlationId: event.correlationId } : {}),
          },
          deps,
        ),
      );
    }
  };
}
