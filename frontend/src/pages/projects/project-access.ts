/**
 * What a caller may do with projects and documents, mirroring the built-in policies so the
 * UI offers only what can work (the API decides anyway): creating needs the member role or
 * higher; a project's owners manage it, editors write in it, viewers read.
 */
import type { Role } from '../../api/client.js';
import type { Project, ProjectRole } from '../../api/projects-api.js';
import { newIdempotencyKey } from '../../api/request.js';

const INSTALLATION_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
const PROJECT_RANK: Record<ProjectRole, number> = { viewer: 0, editor: 1, owner: 2 };

/** projects:create is for members and up. */
export function canCreateProjects(role: Role): boolean {
  return INSTALLATION_RANK[role] >= INSTALLATION_RANK.member;
}

export function projectRoleAtLeast(project: Pick<Project, 'myRole'>, role: ProjectRole): boolean {
  return PROJECT_RANK[project.myRole] >= PROJECT_RANK[role];
}

/** Writing in a project: editors and owners, and only while it is active (archived projects are read-only). */
export function canWriteIn(project: Pick<Project, 'myRole' | 'status'>): boolean {
  return project.status === 'active' && projectRoleAtLeast(project, 'editor');
}

export const PROJECT_ROLE_HINTS: Record<ProjectRole, string> = {
  owner: 'Owner: everything, including people, settings, archive and delete',
  editor: 'Editor: writes documents',
  viewer: 'Viewer: reads documents',
};

/**
 * One Idempotency-Key per attempt: the same key while the user retries the same request
 * (so a retried click never creates twice), a new one once the input changes or it succeeded.
 */
export class AttemptKey {
  private key = newIdempotencyKey();
  private body = '';

  for(body: unknown): string {
    const serialized = JSON.stringify(body ?? null);
    if (serialized !== this.body) {
      this.key = newIdempotencyKey();
      this.body = serialized;
    }
    return this.key;
  }

  /** After a success: the next request is a new attempt. */
  done(): void {
    this.key = newIdempotencyKey();
    this.body = '';
  }
}
