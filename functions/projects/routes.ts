/**
 * HTTP routes of projects: list, create, read, rename, archive, trash and restore, and
 * grants. Routes declare `projects:read` (or `projects:create`) for the installation;
 * the decision on the project itself is Cedar's, on the project's grants (access.ts).
 */
import { z } from 'zod';
import type { Caller } from '../platform/caller.js';
import { callerEvent, callerOf } from '../platform/caller.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { Conflict, InvalidInput, NotFound } from '../platform/errors.js';
import { DuplicateRequest, findReplay, idempotencyOf, idempotencyPut, replayAfterRace } from '../platform/idempotency.js';
import { etagOf, expectedVersion, staleVersion } from '../platform/preconditions.js';
import { defineRoute, Reply, type RouteInput } from '../platform/route.js';
import { loadReadableProject, projectFor } from './access.js';
import {
  archived,
  effectiveRole,
  type Grant,
  newProject,
  ownerGrant,
  type Project,
  PROJECT_EVENTS,
  type ProjectWithGrants,
  renamed,
  restored,
  trashed,
  unarchived,
  withGrant,
  withoutGrant,
} from './domain.js';
import { granteeLabel } from './grantees.js';
import { mergeMemberships } from './listing.js';
import {
  createProjectBody,
  listProjectsQuery,
  projectGrantList,
  projectGrantParams,
  projectGrantSchema,
  projectList,
  projectParams,
  type ProjectGrantView,
  type ProjectRole,
  projectSchema,
  type ProjectView,
  putProjectGrantBody,
  updateProjectBody,
} from './schemas.js';

export function projectView(p: Project, myRole: ProjectRole): ProjectView {
  return {
    id: p.projectId,
    name: p.name,
    description: p.description,
    status: p.status,
    myRole,
    documentCount: Math.max(0, p.documentCount),
    createdAt: p.createdAt,
    createdBy: p.createdBy,
    updatedAt: p.updatedAt,
    version: p.version,
    ...(p.archivedAt ? { archivedAt: p.archivedAt } : {}),
    ...(p.deletedAt ? { deletedAt: p.deletedAt } : {}),
    ...(p.purgeAt ? { purgeAt: p.purgeAt } : {}),
  };
}

const grantView = (g: Grant): ProjectGrantView => ({
  kind: g.kind,
  id: g.granteeId,
  label: g.label,
  role: g.role,
  grantedAt: g.grantedAt,
  grantedBy: g.grantedBy,
});
const roleOf = (caller: Caller, loaded: ProjectWithGrants): ProjectRole => effectiveRole(caller.principal, loaded.grants) ?? 'viewer';
const withEtag = (caller: Caller, loaded: ProjectWithGrants, status = 200) =>
  new Reply(projectView(loaded.project, roleOf(caller, loaded)), status, { etag: etagOf(loaded.project.version) });
const eventOf = (caller: Caller, type: string, projectId: string, data: Record<string, unknown>) =>
  callerEvent(caller, type, { kind: 'project', id: projectId }, { projectId, ...data });
const isAdmin = (caller: Caller) => caller.principal.role === 'admin' || caller.principal.role === 'owner';

export const listProjects = defineRoute({
  method: 'GET',
  path: '/api/projects',
  operationId: 'listProjects',
  summary: 'Projects the caller holds a grant on (directly or through a group), by name; admins see all',
  tag: 'projects',
  access: { action: 'projects:read' },
  query: listProjectsQuery,
  response: projectList,
  async handle(input) {
    const caller = callerOf(input);
    const { status, cursor, limit } = input.query;
    const { projects } = input.services;
    if (isAdmin(caller)) {
      const page = await projects.listAll(status, { start: decodeCursor(cursor, { gsi2pk: `PROJECTS#${status}` }), limit });
      return { items: page.items.map((p) => projectView(p, 'owner')), nextCursor: encodeCursor(page.last) };
    }
    const after = decodeCursor(cursor, { s: status })?.after;
    if (cursor && !after) throw new InvalidInput('The cursor is not one this API issued.');
    // One Query per principal key (the user and each of their groups), each one past the page.
    const keys = [{ kind: 'user' as const, id: caller.principal.userId }, ...caller.principal.groupIds.map((id) => ({ kind: 'group' as const, id }))];
    const rows = await Promise.all(keys.map((k) => projects.memberships(k.kind, k.id, status, { after, limit: limit + 1 })));
    const page = mergeMemberships(rows, limit);
    const found = await projects.getMany(page.items.map((r) => r.projectId));
    const roles = new Map(page.items.map((r) => [r.projectId, caller.principal.role === 'viewer' ? 'viewer' : r.role] as const));
    return {
      items: found.map((p) => projectView(p, roles.get(p.projectId) ?? 'viewer')),
      nextCursor: page.lastSortKey ? encodeCursor({ s: status, after: page.lastSortKey }) : undefined,
    };
  },
});

export const createProject = defineRoute({
  method: 'POST',
  path: '/api/projects',
  operationId: 'createProject',
  summary: 'Create a project (the caller becomes its owner); send Idempotency-Key to retry safely',
  tag: 'projects',
  access: { action: 'projects:create' },
  body: createProjectBody,
  response: projectSchema,
  status: 201,
  async handle(input) {
    const caller = callerOf(input);
    const { services } = input;
    const idempotency = idempotencyOf(input, 'createProject');
    const replay = await findReplay<ProjectView>(services, idempotency);
    if (replay) return replay;
    const now = services.clock.now();
    const project = newProject(input.body, services.ids.next(), caller.principal, now);
    const view = projectView(project, 'owner');
    try {
      await services.projects.create(
        project,
        ownerGrant(caller.principal, now),
        eventOf(caller, PROJECT_EVENTS.created, project.projectId, { name: project.name }),
        {
          limit: (await services.entitlements()).quotas.projects,
          alsoWrite: idempotencyPut(services, idempotency, 201, view),
        },
      );
    } catch (error) {
      if (error instanceof DuplicateRequest && idempotency) return replayAfterRace<ProjectView>(services, idempotency);
      throw error;
    }
    return new Reply(view, 201, { etag: etagOf(project.version) });
  },
});

export const getProject = defineRoute({
  method: 'GET',
  path: '/api/projects/{projectId}',
  operationId: 'getProject',
  summary: 'A project, with the caller’s role on it (ETag: its version)',
  tag: 'projects',
  access: { action: 'projects:read' },
  params: projectParams,
  response: projectSchema,
  async handle(input) {
    const caller = callerOf(input);
    return withEtag(caller, await loadReadableProject(caller, input.params.projectId));
  },
});

export const updateProject = defineRoute({
  method: 'PATCH',
  path: '/api/projects/{projectId}',
  operationId: 'updateProject',
  summary: 'Rename a project or change its description (If-Match required)',
  tag: 'projects',
  access: { action: 'projects:read' },
  params: projectParams,
  body: updateProjectBody,
  response: projectSchema,
  async handle(input) {
    const caller = callerOf(input);
    const expected = expectedVersion(input.request);
    const loaded = await projectFor(caller, input.params.projectId, 'resource:manage');
    if (loaded.project.version !== expected) throw staleVersion('project', loaded.project.version);
    const after = renamed(loaded.project, input.body, input.services.clock.now());
    const type = after.name !== loaded.project.name ? PROJECT_EVENTS.renamed : PROJECT_EVENTS.updated;
    const data = after.name !== loaded.project.name ? { from: loaded.project.name, to: after.name } : { name: after.name };
    await input.services.projects.save(loaded, after, { event: eventOf(caller, type, after.projectId, data) });
    return withEtag(caller, { ...loaded, project: after });
  },
});

type Transition = {
  operationId: string;
  method: 'POST' | 'DELETE';
  path: `/api/${string}`;
  summary: string;
  change: (p: Project, now: Date) => Project;
  event: string;
  usage?: 'add' | 'subtract';
};

function lifecycleRoute(t: Transition) {
  return defineRoute({
    method: t.method,
    path: t.path,
    operationId: t.operationId,
    summary: t.summary,
    tag: 'projects',
    access: { action: 'projects:read' },
    params: projectParams,
    response: projectSchema,
    async handle(input: RouteInput<{ projectId: string }, unknown, unknown, boolean>) {
      const caller = callerOf(input);
      const { services } = input;
      const loaded = await projectFor(caller, input.params.projectId, 'resource:manage');
      const after = t.change(loaded.project, services.clock.now());
      const limit = (await services.entitlements()).quotas.projects;
      await services.projects.save(loaded, after, {
        event: eventOf(caller, t.event, after.projectId, { name: after.name, status: after.status, ...(after.purgeAt ? { purgeAt: after.purgeAt } : {}) }),
        ...(t.usage === 'add' ? { usage: { op: 'add' as const, limit } } : t.usage === 'subtract' ? { usage: { op: 'subtract' as const } } : {}),
      });
      return withEtag(caller, { ...loaded, project: after });
    },
  });
}

export const archiveProject = lifecycleRoute({
  operationId: 'archiveProject',
  method: 'POST',
  path: '/api/projects/{projectId}/archive',
  summary: 'Archive a project: it and its documents become read-only',
  change: archived,
  event: PROJECT_EVENTS.archived,
});
export const unarchiveProject = lifecycleRoute({
  operationId: 'unarchiveProject',
  method: 'POST',
  path: '/api/projects/{projectId}/unarchive',
  summary: 'Make an archived project writable again',
  change: unarchived,
  event: PROJECT_EVENTS.unarchived,
});
export const deleteProject = lifecycleRoute({
  operationId: 'deleteProject',
  method: 'DELETE',
  path: '/api/projects/{projectId}',
  summary: 'Move a project to the trash (restorable for 30 days, then purged with its documents)',
  change: trashed,
  event: PROJECT_EVENTS.trashed,
  usage: 'subtract',
});
export const restoreProject = lifecycleRoute({
  operationId: 'restoreProject',
  method: 'POST',
  path: '/api/projects/{projectId}/restore',
  summary: 'Bring a project back from the trash (counts against the projects quota again)',
  change: restored,
  event: PROJECT_EVENTS.restored,
  usage: 'add',
});

export const listProjectGrants = defineRoute({
  method: 'GET',
  path: '/api/projects/{projectId}/grants',
  operationId: 'listProjectGrants',
  summary: 'Who holds which role on a project',
  tag: 'projects',
  access: { action: 'projects:read' },
  params: projectParams,
  response: projectGrantList,
  async handle(input) {
    const loaded = await loadReadableProject(callerOf(input), input.params.projectId);
    const order = { owner: 0, editor: 1, viewer: 2 };
    return { items: [...loaded.grants].sort((a, b) => order[a.role] - order[b.role] || a.label.localeCompare(b.label)).map(grantView) };
  },
});

export const putProjectGrant = defineRoute({
  method: 'PUT',
  path: '/api/projects/{projectId}/grants/{kind}/{granteeId}',
  operationId: 'putProjectGrant',
  summary: 'Give a user or a group a role on a project (at most 40 grants)',
  tag: 'projects',
  access: { action: 'projects:read' },
  params: projectGrantParams,
  body: putProjectGrantBody,
  response: projectGrantSchema,
  async handle(input) {
    const caller = callerOf(input);
    const { projectId, kind, granteeId } = input.params;
    const loaded = await projectFor(caller, projectId, 'resource:manage');
    if (loaded.project.status === 'trashed') throw new Conflict('The project is in the trash; restore it first.');
    const now = input.services.clock.now();
    const previous = loaded.grants.find((g) => g.kind === kind && g.granteeId === granteeId);
    const grant: Grant = {
      kind,
      granteeId,
      label: previous?.label ?? (await granteeLabel(caller, kind, granteeId)),
      role: input.body.role,
      grantedAt: now.toISOString(),
      grantedBy: caller.principal.userId,
    };
    withGrant(loaded.grants, grant);
    await input.services.projects.putGrant(
      loaded,
      grant,
      eventOf(caller, PROJECT_EVENTS.grantChanged, projectId, { kind, granteeId, role: grant.role, previousRole: previous?.role ?? null }),
    );
    return grantView(grant);
  },
});

export const deleteProjectGrant = defineRoute({
  method: 'DELETE',
  path: '/api/projects/{projectId}/grants/{kind}/{granteeId}',
  operationId: 'deleteProjectGrant',
  summary: 'Take a user’s or a group’s role on a project away (the last owner cannot go)',
  tag: 'projects',
  access: { action: 'projects:read' },
  params: projectGrantParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    const caller = callerOf(input);
    const { projectId, kind, granteeId } = input.params;
    const loaded = await projectFor(caller, projectId, 'resource:manage');
    if (loaded.project.status === 'trashed') throw new Conflict('The project is in the trash; restore it first.');
    const previous = loaded.grants.find((g) => g.kind === kind && g.granteeId === granteeId);
    if (!previous) throw new NotFound('That user or group holds no role on this project.');
    withoutGrant(loaded.grants, kind, granteeId);
    await input.services.projects.removeGrant(
      loaded,
      kind,
      granteeId,
      eventOf(caller, PROJECT_EVENTS.grantChanged, projectId, { kind, granteeId, role: null, previousRole: previous.role }),
    );
    return new Reply(undefined, 204);
  },
});

export const projectRoutes = [
  listProjects,
  createProject,
  getProject,
  updateProject,
  archiveProject,
  unarchiveProject,
  deleteProject,
  restoreProject,
  listProjectGrants,
  putProjectGrant,
  deleteProjectGrant,
];
