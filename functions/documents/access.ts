/**
 * Who may see and change a document: its project's grants plus its own shares, decided by
 * Cedar. Other modules (attachments, exports) call these. A caller who may not read a
 * document, or whose document sits in a trashed project, gets the same NotFound as for one
 * that does not exist; one who may read but not write gets Forbidden.
 */
import type { Action } from '../authz/actions.js';
import type { Caller } from '../platform/caller.js';
import { Forbidden, NotFound } from '../platform/errors.js';
import { assertWritable, type ProjectWithGrants } from '../projects/domain.js';
import { accessOf, assertActive, type DocumentRecord, documentGrants, type Share } from './domain.js';

const NO_SUCH_DOCUMENT = 'No such document.';

export interface DocumentAccess {
  document: DocumentRecord;
  shares: Share[];
  project: ProjectWithGrants;
  /** The caller's access, for display. */
  myAccess: 'owner' | 'editor' | 'viewer';
  body?: string;
}

function may(caller: Caller, action: Action, access: Omit<DocumentAccess, 'myAccess'>): boolean {
  try {
    caller.authorize(action, documentGrants(access.document.documentId, access.project.grants, access.shares));
    return true;
  } catch (error) {
    if (error instanceof Forbidden) return false;
    throw error;
  }
}

/** The document with what decides access to it, if the caller may read it (in the trash or not); NotFound otherwise. */
export async function loadReadableDocument(caller: Caller, documentId: string, options: { withBody?: boolean } = {}): Promise<DocumentAccess> {
  const loaded = await caller.services.documents.get(documentId, options);
  const project = loaded ? await caller.services.projects.get(loaded.document.projectId) : undefined;
  if (!loaded || !project || project.project.status === 'trashed') throw new NotFound(NO_SUCH_DOCUMENT);
  const access = { ...loaded, project };
  if (!may(caller, 'resource:read', access)) throw new NotFound(NO_SUCH_DOCUMENT);
  return { ...access, myAccess: accessOf(caller.principal, project.grants, loaded.shares) };
}

/**
 * The document if the caller may change it: NotFound if they may not read it, Forbidden if
 * only read, Conflict if it is in the trash (unless `inTrash`) or its project is archived.
 */
export async function loadWritableDocument(
  caller: Caller,
  documentId: string,
  options: { withBody?: boolean; inTrash?: boolean } = {},
): Promise<DocumentAccess> {
  const access = await loadReadableDocument(caller, documentId, options);
  caller.authorize('resource:write', documentGrants(documentId, access.project.grants, access.shares));
  assertWritable(access.project.project);
  if (!options.inTrash) assertActive(access.document);
  return access;
}

export async function readableDocument(caller: Caller, documentId: string): Promise<DocumentRecord> {
  return (await loadReadableDocument(caller, documentId)).document;
}

export async function writableDocument(caller: Caller, documentId: string): Promise<DocumentRecord> {
  return (await loadWritableDocument(caller, documentId)).document;
}
