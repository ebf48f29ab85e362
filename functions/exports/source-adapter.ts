/**
 * The export's view of a project, over the documents and attachments stores: live
 * documents page by page (at most the documents quota), each body on demand, ready
 * attachments only.
 */
import type { AttachmentStore } from '../attachments/store.js';
import type { DocumentStore } from '../documents/store.js';
import type { ExportSource } from './source.js';

/** Past this many documents the export stops with a clear reason rather than running out of time. */
const MAX_EXPORTED_DOCUMENTS = 10_000;

export function storesExportSource(documents: DocumentStore, attachments: AttachmentStore): ExportSource {
  return {
    async listDocuments(projectId) {
      const out: Awaited<ReturnType<ExportSource['listDocuments']>> = [];
      let cursor: string | undefined;
      do {
        const page = await documents.listByProject(projectId, { cursor, limit: 100 });
        for (const d of page.items) {
          out.push({ documentId: d.documentId, title: d.title, tags: d.tags, version: d.version, createdAt: d.createdAt, updatedAt: d.updatedAt });
        }
        cursor = page.nextCursor;
        if (out.length > MAX_EXPORTED_DOCUMENTS) throw new Error(`The project has more than ${MAX_EXPORTED_DOCUMENTS} documents; exports stop there.`);
      } while (cursor);
      // Oldest first reads better in an archive, and a rebuilt zip lists the same order.
      return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.documentId < b.documentId ? -1 : 1));
    },
    async body(documentId) {
      const body = await documents.getBody(documentId);
      if (body === undefined) throw new Error(`Document ${documentId} was deleted while it was being exported.`);
      return body;
    },
    async attachments(documentId) {
      return (await attachments.list(documentId))
        .filter((a) => a.status === 'ready')
        .map((a) => ({ attachmentId: a.attachmentId, fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, key: a.key }));
    },
  };
}
