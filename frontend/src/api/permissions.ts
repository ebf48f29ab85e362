/**
 * What each role may do under the built-in policies (functions/authz/policies.ts), so the UI
 * offers only controls that can work. The API decides every request anyway: an installation's
 * own forbid policies or the MFA requirement can still refuse, and the UI shows that 403.
 */
import type { Role } from './members-api.js';

export interface Permissions {
  /** members:read, groups:read: see the directory. Members and up. */
  readDirectory: boolean;
  /** members:manage, groups:manage, apikeys:manage, policies:manage, authz:explain. Admins and owners. */
  administer: boolean;
  /** ownership:assign: give or take the owner role, deactivate an owner. Owners only. */
  assignOwnership: boolean;
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function permissionsOf(role: Role): Permissions {
  return {
    readDirectory: RANK[role] >= RANK.member,
    administer: RANK[role] >= RANK.admin,
    assignOwnership: role === 'owner',
  };
}
