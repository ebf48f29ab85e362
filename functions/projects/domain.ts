/**
 * Projects: a named set of documents and the grants that say who may do what with them.
 * Pure rules (no AWS, no HTTP): roles, grants, the project lifecycle
 * (active ⇄ archived, active|archived → trashed → restored or purged).
 */
import type { ResourceGrants } from '../authz/engine.js';
import { Conflict } from '../platform/errors.js';
import type { Principal } from '../platform/principal.js';
import { type GranteeKind, MAX_PROJECT_GRANTS, type ProjectRole, type ProjectStatus, TRASH_RETENTION_DAYS } from './schemas.js';

export interface Project {
  projectId: string;
  name: string;
  description: string;
  status: ProjectStatus;
  documentCount: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Increases with every change of the project itself (name, description, status). */
  version: number;
  /** Increases with every change of the grants; guards the last-owner and size rules against races. */
  grantsVersion: number;
  archivedAt?: string;
  deletedAt?: string;
  purgeAt?: string;
  /** The status the project had before it was trashed; a restore returns to it. */
  statusBeforeTrash?: 'active' | 'archived';
}

export interface Grant {
  kind: GranteeKind;
  granteeId: string;
  label: string;
  role: ProjectRole;
  grantedAt: string;
  grantedBy: string;
}

/** A project with its grants: what one Query on the project's partition returns. */
export interface ProjectWithGrants {
  project: Project;
  grants: Grant[];
}

export const PROJECT_EVENTS = {
  created: 'project.created',
  renamed: 'project.renamed',
  updated: 'project.updated',
  archived: 'project.archived',
  unarchived: 'project.unarchived',
  trashed: 'project.trashed',
  restored: 'project.restored',
  purged: 'project.purged',
  grantChanged: 'project.grant.changed',
} as const;

const RANK: Record<ProjectRole, number> = { viewer: 1, editor: 2, owner: 3 };
const DAY_MS = 24 * 3600 * 1000;

export function newProject(input: { name: string; description: string }, projectId: string, creator: Pick<Principal, 'userId'>, now: Date): Project {
  const at = now.toISOString();
  return {
    projectId,
    name: input.name.trim(),
    description: input.description.trim(),
    status: 'active',
    documentCount: 0,
    createdAt: at,
    createdBy: creator.userId,
    updatedAt: at,
    version: 1,
    grantsVersion: 1,
  };
}

export function ownerGrant(creator: Pick<Principal, 'userId' | 'email'>, now: Date): Grant {
  return { kind: 'user', granteeId: creator.userId, label: creator.email, role: 'owner', grantedAt: now.toISOString(), grantedBy: creator.userId };
}

/** The grants as Cedar sees them: one relation set per role, users and groups apart. */
export function resourceGrants(kind: 'project' | 'document', id: string, grants: readonly Pick<Grant, 'kind' | 'granteeId' | 'role'>[]): ResourceGrants {
  const pick = (role: ProjectRole, kind: GranteeKind) => grants.filter((g) => g.role === role && g.kind === kind).map((g) => g.granteeId);
  return {
    kind,
    id,
    readers: pick('viewer', 'user'),
    readerGroups: pick('viewer', 'group'),
    editors: pick('editor', 'user'),
    editorGroups: pick('editor', 'group'),
    owners: pick('owner', 'user'),
    ownerGroups: pick('owner', 'group'),
  };
}

/**
 * The caller's effective role, for display (Cedar decides access): admins act as owners,
 * installation viewers never rise above viewer, others hold their best grant.
 */
export function effectiveRole(principal: Pick<Principal, 'userId' | 'groupIds' | 'role'>, grants: readonly Grant[]): ProjectRole | undefined {
  if (principal.role === 'admin' || principal.role === 'owner') return 'owner';
  const mine = grants.filter((g) => (g.kind === 'user' ? g.granteeId === principal.userId : principal.groupIds.includes(g.granteeId)));
  if (mine.length === 0) return undefined;
  const best = mine.reduce((a, b) => (RANK[b.role] > RANK[a.role] ? b : a)).role;
  return principal.role === 'viewer' ? 'viewer' : best;
}

export const atLeast = (role: ProjectRole, min: ProjectRole) => RANK[role] >= RANK[min];

/** Writes to the project or its documents need it active: archived projects are read-only, trashed ones wait for restore or purge. */
export function assertWritable(project: Project): void {
  if (project.status === 'archived')
    throw new Conflict(`The project ${project.name} is archived and read-only; unarchive it first.`, { projectStatus: 'archived' });
  if (project.status === 'trashed') throw new Conflict(`The project ${project.name} is in the trash; restore it first.`, { projectStatus: 'trashed' });
}

/** The grants after setting one; refuses to exceed the bound or to leave the project without an owner. */
export function withGrant(grants: readonly Grant[], grant: Grant): Grant[] {
  const others = grants.filter((g) => !(g.kind === grant.kind && g.granteeId === grant.granteeId));
  if (others.length >= MAX_PROJECT_GRANTS) throw new Conflict(`A project holds at most ${MAX_PROJECT_GRANTS} grants; remove one first.`);
  const next = [...others, grant];
  assertHasOwner(next);
  return next;
}

export function withoutGrant(grants: readonly Grant[], kind: GranteeKind, granteeId: string): Grant[] {
  const next = grants.filter((g) => !(g.kind === kind && g.granteeId === granteeId));
  assertHasOwner(next);
  return next;
}

function assertHasOwner(grants: readonly Grant[]): void {
  if (!grants.some((g) => g.role === 'owner')) throw new Conflict('A project needs at least one owner; make someone else owner first.');
}

export function archived(project: Project, now: Date): Project {
  if (project.status !== 'active') throw new Conflict(`Only an active project can be archived; this one is ${project.status}.`);
  return { ...project, status: 'archived', archivedAt: now.toISOString(), updatedAt: now.toISOString(), version: project.version + 1 };
}

export function unarchived(project: Project, now: Date): Project {
  if (project.status !== 'archived') throw new Conflict(`Only an archived project can be unarchived; this one is ${project.status}.`);
  const { archivedAt: _gone, ...rest } = project;
  return { ...rest, status: 'active', updatedAt: now.toISOString(), version: project.version + 1 };
}

export function trashed(project: Project, now: Date): Project {
  if (project.status === 'trashed') throw new Conflict('The project is already in the trash.');
  return {
    ...project,
    status: 'trashed',
    statusBeforeTrash: project.status,
    deletedAt: now.toISOString(),
    purgeAt: purgeDate(now),
    updatedAt: now.toISOString(),
    version: project.version + 1,
  };
}

export function restored(project: Project, now: Date): Project {
  if (project.status !== 'trashed') throw new Conflict('Only a project in the trash can be restored.');
  const { deletedAt: _d, purgeAt: _p, statusBeforeTrash, ...rest } = project;
  return { ...rest, status: statusBeforeTrash ?? 'active', updatedAt: now.toISOString(), version: project.version + 1 };
}

export function renamed(project: Project, change: { name?: string; description?: string }, now: Date): Project {
  assertWritable(project);
  return {
    ...project,
    name: change.name?.trim() ?? project.name,
    description: change.description?.trim() ?? project.description,
    updatedAt: now.toISOString(),
    version: project.version + 1,
  };
}

/** When something trashed now is purged for good. */
export const purgeDate = (now: Date) => new Date(now.getTime() + TRASH_RETENTION_DAYS * DAY_MS).toISOString();
