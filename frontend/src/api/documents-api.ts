/**
 * Client methods of documents: read with the ETag, save, move and trash with `If-Match`,
 * restore, and the document's own shares. Shapes come from functions/documents/schemas.ts.
 */
import {
  type DocumentShareView,
  type DocumentSummaryView,
  type DocumentView,
  documentSchema,
  documentShareList,
  documentShareSchema,
  documentSummarySchema,
  type updateDocumentBody,
} from '../../../functions/documents/schemas.js';
import type { GranteeKind } from '../../../functions/projects/schemas.js';
import type { z } from 'zod';
import { noContent, type Requester } from './request.js';

export type { DocumentShareView as DocumentShare, DocumentSummaryView as DocumentSummary, DocumentView as Document };
export type DocumentContent = z.input<typeof updateDocumentBody>;
export type ShareRole = DocumentShareView['role'];

/** A document as read, with the ETag (`"<version>"`) its next write must name in `If-Match`. */
export interface VersionedDocument {
  document: DocumentView;
  etag: string;
}

export interface DocumentsApi {
  /** GET /api/documents/{documentId}, with its ETag. */
  getDocument(documentId: string, signal?: AbortSignal): Promise<VersionedDocument>;
  /** PUT /api/documents/{documentId} with `If-Match`: 412 when someone saved first, and nothing changes. */
  saveDocument(documentId: string, content: DocumentContent, etag: string): Promise<VersionedDocument>;
  /** POST /api/documents/{documentId}/move with `If-Match`: needs write access to both projects. */
  moveDocument(documentId: string, projectId: string, etag: string): Promise<DocumentSummaryView>;
  /** DELETE /api/documents/{documentId} with `If-Match`: to the project's trash. */
  trashDocument(documentId: string, etag: string): Promise<DocumentSummaryView>;
  /** POST /api/documents/{documentId}/restore: back from the trash (the documents quota is checked again). */
  restoreDocument(documentId: string): Promise<DocumentSummaryView>;
  listShares(documentId: string, signal?: AbortSignal): Promise<DocumentShareView[]>;
  /** PUT /api/documents/{documentId}/shares/{kind}/{granteeId}: add or change a share. */
  putShare(documentId: string, kind: GranteeKind, granteeId: string, role: ShareRole): Promise<DocumentShareView>;
  deleteShare(documentId: string, kind: GranteeKind, granteeId: string): Promise<void>;
}

export const documentPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}` as const;
const share = (documentId: string, kind: GranteeKind, granteeId: string) =>
  `${documentPath(documentId)}/shares/${encodeURIComponent(kind)}/${encodeURIComponent(granteeId)}` as const;

export function documentsApi(send: Requester): DocumentsApi {
  const versioned = async (request: Parameters<Requester['exchange']>[0] & { response: typeof documentSchema }): Promise<VersionedDocument> => {
    const answer = await send.exchange(request);
    return { document: answer.data, etag: answer.etag ?? `"${answer.data.version}"` };
  };
  return {
    getDocument: (documentId, signal) => versioned({ method: 'GET', path: documentPath(documentId), response: documentSchema, signal }),
    saveDocument: (documentId, content, etag) =>
      versioned({ method: 'PUT', path: documentPath(documentId), body: content, headers: { 'if-match': etag }, response: documentSchema }),
    moveDocument: (documentId, projectId, etag) =>
      send({ method: 'POST', path: `${documentPath(documentId)}/move`, body: { projectId }, headers: { 'if-match': etag }, response: documentSummarySchema }),
    trashDocument: (documentId, etag) =>
      send({ method: 'DELETE', path: documentPath(documentId), headers: { 'if-match': etag }, response: documentSummarySchema }),
    restoreDocument: (documentId) => send({ method: 'POST', path: `${documentPath(documentId)}/restore`, response: documentSummarySchema }),
    listShares: async (documentId, signal) =>
      (await send({ method: 'GET', path: `${documentPath(documentId)}/shares`, response: documentShareList, signal })).items,
    putShare: (documentId, kind, granteeId, role) =>
      send({ method: 'PUT', path: share(documentId, kind, granteeId), body: { role }, response: documentShareSchema }),
    deleteShare: (documentId, kind, granteeId) => send({ method: 'DELETE', path: share(documentId, kind, granteeId), response: noContent }),
  };
}
