import { describe, expect, it } from 'vitest';
import {
  archived,
  effectiveRole,
  type Grant,
  newProject,
  purgeDate,
  renamed,
  resourceGrants,
  restored,
  trashed,
  unarchived,
  withGrant,
  withoutGrant,
} from '../../../functions/projects/domain.js';
import { mergeMemberships } from '../../../functions/projects/listing.js';
import { MAX_PROJECT_GRANTS } from '../../../functions/projects/schemas.js';

const now = new Date('2026-11-24T10:00:00.000Z');
const grant = (kind: 'user' | 'group', granteeId: string, role: Grant['role']): Grant => ({
  kind,
  granteeId,
  label: granteeId,
  role,
  grantedAt: '',
  grantedBy: '',
});
const project = () => newProject({ name: '  Roadmap ', description: '' }, 'P1', { userId: 'u1' }, now);

describe('project roles', () => {
  const grants = [grant('user', 'u1', 'viewer'), grant('group', 'g1', 'editor'), grant('group', 'g2', 'owner')];

  it('gives the best role across the user and their groups', () => {
    expect(effectiveRole({ userId: 'u1', groupIds: [], role: 'member' }, grants)).toBe('viewer');
    expect(effectiveRole({ userId: 'u1', groupIds: ['g1'], role: 'member' }, grants)).toBe('editor');
    expect(effectiveRole({ userId: 'u9', groupIds: ['g1', 'g2'], role: 'member' }, grants)).toBe('owner');
    expect(effectiveRole({ userId: 'u9', groupIds: [], role: 'member' }, grants)).toBeUndefined();
  });

  it('makes installation admins owners everywhere and keeps installation viewers viewers', () => {
    expect(effectiveRole({ userId: 'u9', groupIds: [], role: 'admin' }, [])).toBe('owner');
    expect(effectiveRole({ userId: 'u9', groupIds: ['g2'], role: 'viewer' }, grants)).toBe('viewer');
  });

  it('turns grants into Cedar relations, users and groups apart', () => {
    expect(resourceGrants('project', 'P1', grants)).toEqual({
      kind: 'project',
      id: 'P1',
      readers: ['u1'],
      readerGroups: [],
      editors: [],
      editorGroups: ['g1'],
      owners: [],
      ownerGroups: ['g2'],
    });
  });
});

describe('grants', () => {
  const owner = grant('user', 'u1', 'owner');

  it('replaces a grantee’s role instead of adding a second grant', () => {
    const next = withGrant([owner, grant('user', 'u2', 'viewer')], grant('user', 'u2', 'editor'));
    expect(next.map((g) => `${g.granteeId}:${g.role}`)).toEqual(['u1:owner', 'u2:editor']);
  });

  it('refuses a grant beyond the bound, but not a change of role at the bound', () => {
    const full = [owner, ...Array.from({ length: MAX_PROJECT_GRANTS - 1 }, (_, i) => grant('user', `x${i}`, 'viewer'))];
    expect(() => withGrant(full, grant('user', 'new', 'viewer'))).toThrow(/at most 40/);
    expect(withGrant(full, grant('user', 'x0', 'editor'))).toHaveLength(MAX_PROJECT_GRANTS);
  });

  it('never leaves a project without an owner, by removal or by demotion', () => {
    expect(() => withoutGrant([owner], 'user', 'u1')).toThrow(/at least one owner/);
    expect(() => withGrant([owner], grant('user', 'u1', 'editor'))).toThrow(/at least one owner/);
    expect(withoutGrant([owner, grant('group', 'g1', 'owner')], 'user', 'u1')).toHaveLength(1);
  });
});

describe('project lifecycle', () => {
  it('starts active at version 1 with a trimmed name', () => {
    expect(project()).toMatchObject({ name: 'Roadmap', status: 'active', version: 1, documentCount: 0, createdBy: 'u1' });
  });

  it('archives, unarchives, trashes and restores, bumping the version each time', () => {
    const a = archived(project(), now);
    expect(a).toMatchObject({ status: 'archived', version: 2, archivedAt: now.toISOString() });
    expect(() => renamed(a, { name: 'x' }, now)).toThrow(/archived/);
    expect(unarchived(a, now)).toMatchObject({ status: 'active', version: 3 });
    expect(unarchived(a, now).archivedAt).toBeUndefined();
    const t = trashed(a, now);
    expect(t).toMatchObject({ status: 'trashed', statusBeforeTrash: 'archived', purgeAt: '2026-12-24T10:00:00.000Z' });
    // A restore returns to the status it had.
    const r = restored(t, now);
    expect(r).toMatchObject({ status: 'archived', version: 4 });
    expect(r.purgeAt).toBeUndefined();
    expect(() => restored(project(), now)).toThrow(/trash/);
    expect(() => trashed(t, now)).toThrow(/already/);
  });

  it('purges 30 days after deletion', () => {
    expect(purgeDate(now)).toBe('2026-12-24T10:00:00.000Z');
  });
});

describe('merging what several principal keys see', () => {
  const row = (projectId: string, name: string, role: Grant['role'] = 'viewer') => ({ projectId, role, sortKey: `${name}#${projectId}` });

  it('merges by name, keeps each project once with its best role, and knows exactly whether more exist', () => {
    const mine = [row('1', 'alpha'), row('3', 'charlie', 'editor'), row('4', 'delta')];
    const team = [row('2', 'bravo'), row('3', 'charlie', 'owner'), row('5', 'echo')];
    const page = mergeMemberships([mine, team], 3);
    expect(page.items.map((r) => `${r.projectId}:${r.role}`)).toEqual(['1:viewer', '2:viewer', '3:owner']);
    expect(page.lastSortKey).toBe('charlie#3');
    expect(mergeMemberships([mine, team], 5).lastSortKey).toBeUndefined();
    expect(mergeMemberships([[], []], 5)).toEqual({ items: [] });
  });
});
