/**
 * Client methods of projects: the list, one project (with its ETag), its grants, its
 * documents and trash, and "shared with me". Shapes come from functions/projects/schemas.ts
 * and functions/documents/schemas.ts; paths only from here.
 */
import type { z } from 'zod';
import { type createDocumentBody, type DocumentView, documentList, documentSchema } from '../../../functions/documents/schemas.js';
import {
  type createProjectBody,
  type GranteeKind,
  type ProjectGrantView,
  type ProjectRole,
  type ProjectStatus,
  type ProjectView,
  projectGrantList,
  projectGrantSchema,
  projectList,
  projectSchema,
  type updateProjectBody,
} from '../../../functions/projects/schemas.js';
import { noContent, type Requester } from './request.js';

export type { GranteeKind, ProjectGrantView as ProjectGrant, ProjectRole, ProjectStatus, ProjectView as Project };
export type ProjectList = z.infer<typeof projectList>;
export type DocumentList = z.infer<typeof documentList>;
export type NewProjectInput = z.input<typeof createProjectBody>;
export type ProjectChange = z.input<typeof updateProjectBody>;
export type NewDocumentInput = z.input<typeof createDocumentBody>;

/** A project as read, with the ETag its next PATCH must name in `If-Match`. */
export interface VersionedProject {
  project: ProjectView;
  etag: string;
}

export interface PageQuery {
  cursor?: string;
  limit?: number;
}

export interface ProjectsApi {
  /** GET /api/projects?status=: the projects I hold a grant on (admins: all), by name. */
  listProjects(query: PageQuery & { status: ProjectStatus }, signal?: AbortSignal): Promise<ProjectList>;
  /** POST /api/projects (201): the same `idempotencyKey` on a retry never creates twice. */
  createProject(input: NewProjectInput, idempotencyKey: string): Promise<ProjectView>;
  /** GET /api/projects/{projectId}, with its ETag. */
  getProject(projectId: string, signal?: AbortSignal): Promise<VersionedProject>;
  /** PATCH /api/projects/{projectId} with `If-Match`; 412 when someone changed it first. */
  updateProject(projectId: string, change: ProjectChange, etag: string): Promise<VersionedProject>;
  /** POST …/archive, …/unarchive: answer the changed project. Archived projects are read-only. */
  archiveProject(projectId: string): Promise<VersionedProject>;
  unarchiveProject(projectId: string): Promise<VersionedProject>;
  /** DELETE /api/projects/{projectId}: to the trash, restorable for 30 days. */
  trashProject(projectId: string): Promise<VersionedProject>;
  /** POST …/restore: back from the trash; the projects quota is checked again. */
  restoreProject(projectId: string): Promise<VersionedProject>;
  listProjectGrants(projectId: string, signal?: AbortSignal): Promise<ProjectGrantView[]>;
  /** PUT /api/projects/{projectId}/grants/{kind}/{granteeId}: add or change a grant. */
  putProjectGrant(projectId: string, kind: GranteeKind, granteeId: string, role: ProjectRole): Promise<ProjectGrantView>;
  /** DELETE …/grants/{kind}/{granteeId}: the API refuses to remove the last owner (409). */
  deleteProjectGrant(projectId: string, kind: GranteeKind, granteeId: string): Promise<void>;
  /** GET /api/projects/{projectId}/documents: most recently updated first. */
  listProjectDocuments(projectId: string, query: PageQuery, signal?: AbortSignal): Promise<DocumentList>;
  /** POST /api/projects/{projectId}/documents (201), idempotent like createProject. */
  createDocument(projectId: string, input: NewDocumentInput, idempotencyKey: string): Promise<DocumentView>;
  /** GET /api/projects/{projectId}/trash: trashed documents, newest deletion first. */
  listProjectTrash(projectId: string, query: PageQuery, signal?: AbortSignal): Promise<DocumentList>;
  /** GET /api/shared-with-me: documents shared with me or my groups, newest share first. */
  listSharedWithMe(query: PageQuery, signal?: AbortSignal): Promise<DocumentList>;
}

const project = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}` as const;
const grant = (projectId: string, kind: GranteeKind, granteeId: string) =>
  `${project(projectId)}/grants/${encodeURIComponent(kind)}/${encodeURIComponent(granteeId)}` as const;

/** `?cursor=…&limit=…` (and any other fields), or '' when there is nothing to say. */
export function queryString(fields: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') query.set(name, String(value));
  const search = query.toString();
  return search ? `?${search}` : '';
}

/** The ETag as sent; `"<version>"` is what the API sends (docs/projects.md), should a proxy drop the header. */
function etagOf(etag: string | undefined, version: number): string {
  return etag ?? `"${version}"`;
}

export function projectsApi(send: Requester): ProjectsApi {
  const versioned = async (request: Parameters<Requester['exchange']>[0] & { response: typeof projectSchema }): Promise<VersionedProject> => {
    const answer = await send.exchange(request);
    return { project: answer.data, etag: etagOf(answer.etag, answer.data.version) };
  };
  return {
    listProjects: ({ status, cursor, limit }, signal) =>
      send({ method: 'GET', path: `/api/projects${queryString({ status, cursor, limit })}`, response: projectList, signal }),
    createProject: (input, idempotencyKey) =>
      send({ method: 'POST', path: '/api/projects', body: input, headers: { 'idempotency-key': idempotencyKey }, response: projectSchema }),
    getProject: (projectId, signal) => versioned({ method: 'GET', path: project(projectId), response: projectSchema, signal }),
    updateProject: (projectId, change, etag) =>
      versioned({ method: 'PATCH', path: project(projectId), body: change, headers: { 'if-match': etag }, response: projectSchema }),
    archiveProject: (projectId) => versioned({ method: 'POST', path: `${project(projectId)}/archive`, response: projectSchema }),
    unarchiveProject: (projectId) => versioned({ method: 'POST', path: `${project(projectId)}/unarchive`, response: projectSchema }),
    trashProject: (projectId) => versioned({ method: 'DELETE', path: project(projectId), response: projectSchema }),
    restoreProject: (projectId) => versioned({ method: 'POST', path: `${project(projectId)}/restore`, response: projectSchema }),
    listProjectGrants: async (projectId, signal) =>
      (await send({ method: 'GET', path: `${project(projectId)}/grants`, response: projectGrantList, signal })).items,
    putProjectGrant: (projectId, kind, granteeId, role) =>
      send({ method: 'PUT', path: grant(projectId, kind, granteeId), body: { role }, response: projectGrantSchema }),
    deleteProjectGrant: (projectId, kind, granteeId) => send({ method: 'DELETE', path: grant(projectId, kind, granteeId), response: noContent }),
    listProjectDocuments: (projectId, { cursor, limit }, signal) =>
      send({ method: 'GET', path: `${project(projectId)}/documents${queryString({ cursor, limit })}`, response: documentList, signal }),
    createDocument: (projectId, input, idempotencyKey) =>
      send({
        method: 'POST',
        path: `${project(projectId)}/documents`,
        body: input,
        headers: { 'idempotency-key': idempotencyKey },
        response: documentSchema,
      }),
    listProjectTrash: (projectId, { cursor, limit }, signal) =>
      send({ method: 'GET', path: `${project(projectId)}/trash${queryString({ cursor, limit })}`, response: documentList, signal }),
    listSharedWithMe: ({ cursor, limit }, signal) =>
      send({ method: 'GET', path: `/api/shared-with-me${queryString({ cursor, limit })}`, response: documentList, signal }),
  };
}
