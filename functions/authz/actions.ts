/**
 * The actions a route may perform, and which built-in role may perform each. This is
 * the authorization decision every private route asks before touching data; policies
 * with relations and conditions build on the same action names.
 */
import type { Role } from '../platform/principal.js';

export const ACTIONS = {
  /** Read one's own profile and the entitlements in force. */
  'self:read': ['owner', 'admin', 'member', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

export function roleMayPerform(role: Role, action: Action): boolean {
  return (ACTIONS[action] as readonly Role[]).includes(role);
}
