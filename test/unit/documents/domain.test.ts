import { describe, expect, it } from 'vitest';
import {
  accessOf,
  documentGrants,
  edited,
  excerptOf,
  movedTo,
  newDocument,
  restoredDocument,
  type Share,
  trashedDocument,
} from '../../../functions/documents/domain.js';
import type { Grant } from '../../../functions/projects/domain.js';

const now = new Date('2026-11-24T10:00:00.000Z');
const author = { userId: 'u1' };
const doc = () =>
  newDocument({ title: ' Plan ', body: '# Plan\n\nHéllo **world**', tags: ['a', 'a', 'b'] }, { documentId: 'D1', projectId: 'P1' }, author, now);

describe('documents', () => {
  it('starts at version 1 with its size in UTF-8 bytes, unique tags and a plain-text excerpt', () => {
    expect(doc()).toMatchObject({ title: 'Plan', tags: ['a', 'b'], sizeBytes: 24, version: 1, status: 'active', excerpt: 'Plan Héllo world' });
  });

  it('cuts the excerpt at 200 characters and drops markdown', () => {
    expect(excerptOf('x'.repeat(500))).toHaveLength(200);
    expect(excerptOf('> quote\n- item\n```js\ncode\n```\n![alt](a.png) [text](https://e.test) <b>html</b>')).toBe('quote item alt text html');
  });

  it('bumps the version on every change, and refuses changes in the trash', () => {
    const e = edited(doc(), { title: 'New', body: 'b', tags: [] }, { userId: 'u2' }, now);
    expect(e).toMatchObject({ version: 2, updatedBy: 'u2', sizeBytes: 1 });
    const t = trashedDocument(e, author, now);
    expect(t).toMatchObject({ status: 'trashed', version: 3, deletedAt: now.toISOString(), purgeAt: '2026-12-24T10:00:00.000Z' });
    expect(() => edited(t, { title: 'x', body: '', tags: [] }, author, now)).toThrow(/trash/);
    expect(() => movedTo(t, 'P2', author, now)).toThrow(/trash/);
    const r = restoredDocument(t, author);
    expect(r).toMatchObject({ status: 'active', version: 4 });
    expect(r.purgeAt).toBeUndefined();
    expect(() => restoredDocument(r, author)).toThrow(/Only a document in the trash/);
  });

  it('refuses a move to the project it is in', () => {
    expect(() => movedTo(doc(), 'P1', author, now)).toThrow(/already/);
    expect(movedTo(doc(), 'P2', author, now)).toMatchObject({ projectId: 'P2', version: 2 });
  });
});

describe('who may do what with a document', () => {
  const projectGrants: Grant[] = [{ kind: 'user', granteeId: 'owner', label: '', role: 'owner', grantedAt: '', grantedBy: '' }];
  const shares: Share[] = [
    { kind: 'group', granteeId: 'g1', label: '', role: 'editor', sharedAt: '', sharedBy: '' },
    { kind: 'user', granteeId: 'u5', label: '', role: 'viewer', sharedAt: '', sharedBy: '' },
  ];

  it('adds its shares to its project’s grants', () => {
    expect(documentGrants('D1', projectGrants, shares)).toMatchObject({ kind: 'document', id: 'D1', owners: ['owner'], editorGroups: ['g1'], readers: ['u5'] });
  });

  it('says what the caller may do, for display', () => {
    expect(accessOf({ userId: 'owner', groupIds: [], role: 'member' }, projectGrants, shares)).toBe('owner');
    expect(accessOf({ userId: 'u5', groupIds: ['g1'], role: 'member' }, projectGrants, shares)).toBe('editor');
    expect(accessOf({ userId: 'u5', groupIds: [], role: 'member' }, projectGrants, shares)).toBe('viewer');
  });
});
