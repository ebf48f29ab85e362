/**
 * Documents: markdown with a title and tags, in one project. Pure rules: versions (every
 * change names the version it read), the trash, moving between projects, shares, and
 * who may do what (a document inherits its project's grants, plus its own shares).
 */
import type { ResourceGrants } from '../authz/engine.js';
import { Conflict } from '../platform/errors.js';
import type { Principal } from '../platform/principal.js';
import { effectiveRole, type Grant, purgeDate, resourceGrants } from '../projects/domain.js';
import type { GranteeKind } from '../projects/schemas.js';

export type DocumentStatus = 'active' | 'trashed';
export type ShareRole = 'viewer' | 'editor';

/** What a document is without its body; what lists show and what other modules receive. */
export interface DocumentRecord {
  documentId: string;
  projectId: string;
  title: string;
  tags: string[];
  excerpt: string;
  sizeBytes: number;
  /**
   * Words in the body. Stored since schemaVersion 2; documents stored before carry none
   * until the migration `0001-document-word-count` counts them (docs/migrations.md).
   */
  wordCount?: number;
  /** Increases with every change; the ETag is `"<version>"`. */
  version: number;
  status: DocumentStatus;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  deletedAt?: string;
  purgeAt?: string;
}

export interface Share {
  kind: GranteeKind;
  granteeId: string;
  label: string;
  role: ShareRole;
  sharedAt: string;
  sharedBy: string;
}

/** Most shares one document holds; keeps the trash, restore and purge of a document one transaction. */
export const MAX_DOCUMENT_SHARES = 20;
export const EXCERPT_LENGTH = 200;

export const DOCUMENT_EVENTS = {
  created: 'document.created',
  updated: 'document.updated',
  moved: 'document.moved',
  trashed: 'document.trashed',
  restored: 'document.restored',
  purged: 'document.purged',
  shared: 'document.shared',
  unshared: 'document.unshared',
} as const;

/** The body as plain text: markdown marks and links' targets dropped. */
function plainTextOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first characters of the body as plain text. */
export function excerptOf(markdown: string): string {
  return [...plainTextOf(markdown)].slice(0, EXCERPT_LENGTH).join('');
}

/** Words of the body's text: runs of letters and digits, joined by an apostrophe or a hyphen. */
export function wordsOf(markdown: string): number {
  return plainTextOf(markdown).match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

const sizeOf = (body: string) => Buffer.byteLength(body, 'utf8');

export function newDocument(
  input: { title: string; body: string; tags: string[] },
  ids: { documentId: string; projectId: string },
  author: Pick<Principal, 'userId'>,
  now: Date,
): DocumentRecord {
  const at = now.toISOString();
  return {
    ...ids,
    title: input.title.trim(),
    tags: uniqueTags(input.tags),
    excerpt: excerptOf(input.body),
    sizeBytes: sizeOf(input.body),
    wordCount: wordsOf(input.body),
    version: 1,
    status: 'active',
    createdAt: at,
    createdBy: author.userId,
    updatedAt: at,
    updatedBy: author.userId,
  };
}

export function edited(
  doc: DocumentRecord,
  change: { title: string; body: string; tags: string[] },
  author: Pick<Principal, 'userId'>,
  now: Date,
): DocumentRecord {
  assertActive(doc);
  return {
    ...doc,
    title: change.title.trim(),
    tags: uniqueTags(change.tags),
    excerpt: excerptOf(change.body),
    sizeBytes: sizeOf(change.body),
    wordCount: wordsOf(change.body),
    version: doc.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: author.userId,
  };
}

export function movedTo(doc: DocumentRecord, projectId: string, author: Pick<Principal, 'userId'>, now: Date): DocumentRecord {
  assertActive(doc);
  if (doc.projectId === projectId) throw new Conflict('The document is already in that project.');
  return { ...doc, projectId, version: doc.version + 1, updatedAt: now.toISOString(), updatedBy: author.userId };
}

export function trashedDocument(doc: DocumentRecord, author: Pick<Principal, 'userId'>, now: Date): DocumentRecord {
  assertActive(doc);
  return { ...doc, status: 'trashed', deletedAt: now.toISOString(), purgeAt: purgeDate(now), version: doc.version + 1, updatedBy: author.userId };
}

export function restoredDocument(doc: DocumentRecord, author: Pick<Principal, 'userId'>): DocumentRecord {
  if (doc.status !== 'trashed') throw new Conflict('Only a document in the trash can be restored.');
  const { deletedAt: _d, purgeAt: _p, ...rest } = doc;
  return { ...rest, status: 'active', version: doc.version + 1, updatedBy: author.userId };
}

export function assertActive(doc: DocumentRecord): void {
  if (doc.status === 'trashed') throw new Conflict('The document is in the trash; restore it first.', { documentStatus: 'trashed' });
}

/** Who may do what with a document: its project's grants, and its own shares (readers or editors). */
export function documentGrants(documentId: string, projectGrants: readonly Grant[], shares: readonly Share[]): ResourceGrants {
  const shareGrants = shares.map((s) => ({ kind: s.kind, granteeId: s.granteeId, role: s.role }));
  return resourceGrants('document', documentId, [...projectGrants, ...shareGrants]);
}

/** The caller's access for display (Cedar decides): project owners own, editors (by grant or share) edit. */
export function accessOf(
  principal: Pick<Principal, 'userId' | 'groupIds' | 'role'>,
  projectGrants: readonly Grant[],
  shares: readonly Share[],
): 'owner' | 'editor' | 'viewer' {
  const asGrants: Grant[] = shares.map((s) => ({ ...s, grantedAt: s.sharedAt, grantedBy: s.sharedBy }));
  return effectiveRole(principal, [...projectGrants, ...asGrants]) ?? 'viewer';
}

function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
