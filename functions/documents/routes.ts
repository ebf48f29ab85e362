/**
 * HTTP routes of documents: a project's documents and trash, create, read, edit, move,
 * trash and restore, and shares. Every write names the version it read (`If-Match`) and
 * the store conditions on it, so of two racing writers exactly one wins and the other
 * gets 412 with nothing changed.
 */
import { z } from 'zod';
import type { Caller } from '../platform/caller.js';
import { callerEvent, callerOf } from '../platform/caller.js';
import { Conflict, NotFound } from '../platform/errors.js';
import { DuplicateRequest, findReplay, idempotencyOf, idempotencyPut, replayAfterRace } from '../platform/idempotency.js';
import { etagOf, expectedVersion, staleVersion } from '../platform/preconditions.js';
import { defineRoute, Reply } from '../platform/route.js';
import { loadReadableProject, projectFor } from '../projects/access.js';
import { assertWritable, effectiveRole } from '../projects/domain.js';
import { granteeLabel } from '../projects/grantees.js';
import { projectParams } from '../projects/schemas.js';
import { type DocumentAccess, loadReadableDocument, loadWritableDocument } from './access.js';
import { DOCUMENT_EVENTS, type DocumentRecord, edited, movedTo, newDocument, restoredDocument, type Share, trashedDocument } from './domain.js';
import {
  createDocumentBody,
  documentList,
  documentParams,
  documentSchema,
  documentShareList,
  documentShareParams,
  documentShareSchema,
  type DocumentShareView,
  documentSummarySchema,
  type DocumentSummaryView,
  type DocumentView,
  listDocumentsQuery,
  MAX_DOCUMENT_BODY_BYTES,
  moveDocumentBody,
  putDocumentShareBody,
  updateDocumentBody,
} from './schemas.js';
import { listSharedWith } from './shared-with-me.js';

/** The body may double when JSON escapes it; the schema holds the real bound in UTF-8 bytes. */
const MAX_REQUEST_BYTES = 2 * MAX_DOCUMENT_BODY_BYTES + 16 * 1024;

export function summaryView(d: DocumentRecord): DocumentSummaryView {
  return {
    id: d.documentId,
    projectId: d.projectId,
    title: d.title,
    tags: d.tags,
    excerpt: d.excerpt,
    sizeBytes: d.sizeBytes,
    ...(d.wordCount === undefined ? {} : { wordCount: d.wordCount }),
    version: d.version,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    updatedAt: d.updatedAt,
    updatedBy: d.updatedBy,
    ...(d.deletedAt ? { deletedAt: d.deletedAt } : {}),
    ...(d.purgeAt ? { purgeAt: d.purgeAt } : {}),
  };
}

const fullView = (d: DocumentRecord, body: string, myAccess: DocumentView['myAccess']): DocumentView => ({ ...summaryView(d), body, myAccess });
const shareView = (s: Share): DocumentShareView => ({
  kind: s.kind,
  id: s.granteeId,
  label: s.label,
  role: s.role,
  sharedAt: s.sharedAt,
  sharedBy: s.sharedBy,
});
const tagged = <T>(body: T, version: number, status = 200) => new Reply(body, status, { etag: etagOf(version) });
const eventOf = (caller: Caller, type: string, d: Pick<DocumentRecord, 'documentId' | 'projectId'>, data: Record<string, unknown>) =>
  callerEvent(caller, type, { kind: 'document', id: d.documentId }, { documentId: d.documentId, projectId: d.projectId, ...data });

function assertVersion(access: DocumentAccess, expected: number) {
  if (access.document.version !== expected) throw staleVersion('document', access.document.version);
}

export const listProjectDocuments = defineRoute({
  method: 'GET',
  path: '/api/projects/{projectId}/documents',
  operationId: 'listProjectDocuments',
  summary: 'Documents of a project, most recently updated first',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: projectParams,
  query: listDocumentsQuery,
  response: documentList,
  async handle(input) {
    const loaded = await loadReadableProject(callerOf(input), input.params.projectId);
    if (loaded.project.status === 'trashed') throw new Conflict('The project is in the trash; restore it to see its documents.');
    const page = await input.services.documents.listByProject(loaded.project.projectId, input.query);
    return { items: page.items.map(summaryView), nextCursor: page.nextCursor };
  },
});

export const listProjectTrash = defineRoute({
  method: 'GET',
  path: '/api/projects/{projectId}/trash',
  operationId: 'listProjectTrash',
  summary: 'Trashed documents of a project, newest deletion first',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: projectParams,
  query: listDocumentsQuery,
  response: documentList,
  async handle(input) {
    const loaded = await loadReadableProject(callerOf(input), input.params.projectId);
    const page = await input.services.documents.listTrash(loaded.project.projectId, input.query);
    return { items: page.items.map(summaryView), nextCursor: page.nextCursor };
  },
});

export const createDocument = defineRoute({
  method: 'POST',
  path: '/api/projects/{projectId}/documents',
  operationId: 'createDocument',
  summary: 'Create a document in a project; send Idempotency-Key to retry safely',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: projectParams,
  body: createDocumentBody,
  maxBodyBytes: MAX_REQUEST_BYTES,
  response: documentSchema,
  status: 201,
  async handle(input) {
    const caller = callerOf(input);
    const { services } = input;
    const project = await projectFor(caller, input.params.projectId, 'resource:write');
    const idempotency = idempotencyOf(input, 'createDocument');
    // A retry of a create that succeeded gets its answer even if the project was archived since.
    const replay = await findReplay<DocumentView>(services, idempotency);
    if (replay) return replay;
    assertWritable(project.project);
    const doc = newDocument(input.body, { documentId: services.ids.next(), projectId: project.project.projectId }, caller.principal, services.clock.now());
    const view = fullView(doc, input.body.body, effectiveRole(caller.principal, project.grants) ?? 'editor');
    try {
      await services.documents.create(doc, input.body.body, eventOf(caller, DOCUMENT_EVENTS.created, doc, { title: doc.title }), {
        limit: (await services.entitlements()).quotas.documents,
        alsoWrite: idempotencyPut(services, idempotency, 201, view),
      });
    } catch (error) {
      if (error instanceof DuplicateRequest && idempotency) return replayAfterRace<DocumentView>(services, idempotency);
      throw error;
    }
    return tagged(view, doc.version, 201);
  },
});

export const listSharedWithMe = defineRoute({
  method: 'GET',
  path: '/api/shared-with-me',
  operationId: 'listSharedWithMe',
  summary: 'Documents shared with the caller or their groups, newest share first',
  tag: 'documents',
  access: { action: 'projects:read' },
  query: listDocumentsQuery,
  response: documentList,
  async handle(input) {
    const page = await listSharedWith(callerOf(input), input.query);
    return { items: page.items.map(summaryView), nextCursor: page.nextCursor };
  },
});

export const getDocument = defineRoute({
  method: 'GET',
  path: '/api/documents/{documentId}',
  operationId: 'getDocument',
  summary: 'A document with its body (ETag: its version)',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentParams,
  response: documentSchema,
  async handle(input) {
    const access = await loadReadableDocument(callerOf(input), input.params.documentId, { withBody: true });
    return tagged(fullView(access.document, access.body ?? '', access.myAccess), access.document.version);
  },
});

export const updateDocument = defineRoute({
  method: 'PUT',
  path: '/api/documents/{documentId}',
  operationId: 'updateDocument',
  summary: 'Replace a document’s title, body and tags (If-Match required: 428 without, 412 when stale)',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentParams,
  body: updateDocumentBody,
  maxBodyBytes: MAX_REQUEST_BYTES,
  response: documentSchema,
  async handle(input) {
    const caller = callerOf(input);
    const expected = expectedVersion(input.request);
    const access = await loadWritableDocument(caller, input.params.documentId);
    assertVersion(access, expected);
    const after = edited(access.document, input.body, caller.principal, input.services.clock.now());
    await input.services.documents.update(
      access.document,
      after,
      input.body.body,
      eventOf(caller, DOCUMENT_EVENTS.updated, after, { title: after.title, version: after.version }),
    );
    return tagged(fullView(after, input.body.body, access.myAccess), after.version);
  },
});

export const moveDocument = defineRoute({
  method: 'POST',
  path: '/api/documents/{documentId}/move',
  operationId: 'moveDocument',
  summary: 'Move a document to another project (write on both; If-Match required)',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentParams,
  body: moveDocumentBody,
  response: documentSummarySchema,
  async handle(input) {
    const caller = callerOf(input);
    const expected = expectedVersion(input.request);
    const access = await loadWritableDocument(caller, input.params.documentId);
    assertVersion(access, expected);
    const target = await projectFor(caller, input.body.projectId, 'resource:write');
    assertWritable(target.project);
    const after = movedTo(access.document, target.project.projectId, caller.principal, input.services.clock.now());
    await input.services.documents.move(
      access.document,
      after,
      eventOf(caller, DOCUMENT_EVENTS.moved, after, { fromProjectId: access.document.projectId, toProjectId: after.projectId }),
    );
    return tagged(summaryView(after), after.version);
  },
});

export const deleteDocument = defineRoute({
  method: 'DELETE',
  path: '/api/documents/{documentId}',
  operationId: 'deleteDocument',
  summary: 'Move a document to the trash (restorable for 30 days; If-Match required)',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentParams,
  response: documentSummarySchema,
  async handle(input) {
    const caller = callerOf(input);
    const expected = expectedVersion(input.request);
    const access = await loadWritableDocument(caller, input.params.documentId);
    assertVersion(access, expected);
    const after = trashedDocument(access.document, caller.principal, input.services.clock.now());
    await input.services.documents.trash(
      access.document,
      after,
      eventOf(caller, DOCUMENT_EVENTS.trashed, after, { title: after.title, purgeAt: after.purgeAt }),
    );
    return tagged(summaryView(after), after.version);
  },
});

export const restoreDocument = defineRoute({
  method: 'POST',
  path: '/api/documents/{documentId}/restore',
  operationId: 'restoreDocument',
  summary: 'Bring a document back from the trash (counts against the documents quota again)',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentParams,
  response: documentSummarySchema,
  async handle(input) {
    const caller = callerOf(input);
    const access = await loadWritableDocument(caller, input.params.documentId, { inTrash: true });
    const after = restoredDocument(access.document, caller.principal);
    await input.services.documents.restore(
      access.document,
      after,
      eventOf(caller, DOCUMENT_EVENTS.restored, after, { title: after.title }),
      (await input.services.entitlements()).quotas.documents,
    );
    return tagged(summaryView(after), after.version);
  },
});

export const listDocumentShares = defineRoute({
  method: 'GET',
  path: '/api/documents/{documentId}/shares',
  operationId: 'listDocumentShares',
  summary: 'Users and groups a document is shared with beyond its project',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentParams,
  response: documentShareList,
  async handle(input) {
    const access = await loadReadableDocument(callerOf(input), input.params.documentId);
    return { items: [...access.shares].sort((a, b) => a.label.localeCompare(b.label)).map(shareView) };
  },
});

export const putDocumentShare = defineRoute({
  method: 'PUT',
  path: '/api/documents/{documentId}/shares/{kind}/{granteeId}',
  operationId: 'putDocumentShare',
  summary: 'Share a document with a user or a group, as viewer or editor',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentShareParams,
  body: putDocumentShareBody,
  response: documentShareSchema,
  async handle(input) {
    const caller = callerOf(input);
    const { documentId, kind, granteeId } = input.params;
    const access = await loadWritableDocument(caller, documentId);
    const previous = access.shares.find((s) => s.kind === kind && s.granteeId === granteeId);
    const now = input.services.clock.now().toISOString();
    const share: Share = {
      kind,
      granteeId,
      label: previous?.label ?? (await granteeLabel(caller, kind, granteeId)),
      role: input.body.role,
      // Re-sharing keeps its place in "shared with me"; a new share goes first.
      sharedAt: previous?.sharedAt ?? now,
      sharedBy: caller.principal.userId,
    };
    await input.services.documents.putShare(
      access.document,
      share,
      !previous,
      eventOf(caller, DOCUMENT_EVENTS.shared, access.document, { kind, granteeId, role: share.role, previousRole: previous?.role ?? null }),
    );
    return shareView(share);
  },
});

export const deleteDocumentShare = defineRoute({
  method: 'DELETE',
  path: '/api/documents/{documentId}/shares/{kind}/{granteeId}',
  operationId: 'deleteDocumentShare',
  summary: 'Stop sharing a document with a user or a group',
  tag: 'documents',
  access: { action: 'projects:read' },
  params: documentShareParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    const caller = callerOf(input);
    const { documentId, kind, granteeId } = input.params;
    const access = await loadWritableDocument(caller, documentId);
    if (!access.shares.some((s) => s.kind === kind && s.granteeId === granteeId)) throw new NotFound('The document is not shared with that user or group.');
    await input.services.documents.removeShare(
      access.document,
      kind,
      granteeId,
      eventOf(caller, DOCUMENT_EVENTS.unshared, access.document, { kind, granteeId }),
    );
    return new Reply(undefined, 204);
  },
});

export const documentRoutes = [
  listProjectDocuments,
  createDocument,
  listProjectTrash,
  listSharedWithMe,
  getDocument,
  updateDocument,
  moveDocument,
  deleteDocument,
  restoreDocument,
  listDocumentShares,
  putDocumentShare,
  deleteDocumentShare,
];
