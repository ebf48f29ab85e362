/**
 * Who may see and change a project, decided by Cedar from the project's grants. Other
 * modules (documents, attachments, exports) call these instead of reading grants
 * themselves. A caller who may not read a project gets the same NotFound as for a
 * project that does not exist.
 */
import type { Action } from '../authz/actions.js';
import type { Caller } from '../platform/caller.js';
import { Forbidden, NotFound } from '../platform/errors.js';
import { type Project, type ProjectWithGrants, resourceGrants } from './domain.js';

const NO_SUCH_PROJECT = 'No such project.';

/** True when the caller may perform `action` on the project (Cedar; API key scopes and custom forbids apply). */
export function mayOnProject(caller: Caller, action: Action, loaded: ProjectWithGrants): boolean {
  try {
    caller.authorize(action, resourceGrants('project', loaded.project.projectId, loaded.grants));
    return true;
  } catch (error) {
    if (error instanceof Forbidden) return false;
    throw error;
  }
}

/** The project with its grants if the caller may read it; NotFound otherwise. */
export async function loadReadableProject(caller: Caller, projectId: string): Promise<ProjectWithGrants> {
  const loaded = await caller.services.projects.get(projectId);
  if (!loaded || !mayOnProject(caller, 'resource:read', loaded)) throw new NotFound(NO_SUCH_PROJECT);
  return loaded;
}

/** The project if the caller may read it (whatever its status); NotFound otherwise. */
export async function readableProject(caller: Caller, projectId: string): Promise<Project> {
  return (await loadReadableProject(caller, projectId)).project;
}

/** The project with its grants if the caller may perform `action` on it: NotFound if they may not even read it, Forbidden if only that. */
export async function projectFor(caller: Caller, projectId: string, action: 'resource:write' | 'resource:manage'): Promise<ProjectWithGrants> {
  const loaded = await loadReadableProject(caller, projectId);
  caller.authorize(action, resourceGrants('project', projectId, loaded.grants));
  return loaded;
}
