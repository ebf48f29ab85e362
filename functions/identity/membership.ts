/**
 * Rules for managing the people of an installation: roles, deactivation, invitations.
 * The one invariant that matters most: at least one active owner always remains, so an
 * installation can never lock itself out. Pure functions; the store enforces the same
 * invariant atomically with a condition on the owner count.
 */
import { Conflict, InvalidInput } from '../platform/errors.js';
import type { Role } from '../platform/principal.js';
import type { User } from './domain.js';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface Invitation {
  email: string;
  role: Role;
  invitedBy: string;
  invitedAt: string;
  status: InvitationStatus;
  /** A pending invitation lapses after this time; the IdP's temporary password does too. */
  expiresAt: string;
}

export const INVITATION_LIFETIME_DAYS = 7;

export const MEMBER_EVENTS = {
  invited: 'identity.invitation.created',
  invitationResent: 'identity.invitation.resent',
  invitationRevoked: 'identity.invitation.revoked',
  roleChanged: 'identity.user.role-changed',
  deactivated: 'identity.user.deactivated',
  reactivated: 'identity.user.reactivated',
} as const;

/** Whether a change needs the owner-only `ownership:assign` action. */
export const touchesOwnership = (from: Role, to: Role) => from !== to && (from === 'owner' || to === 'owner');

export function changeRole(target: User, to: Role, actorId: string): { user: User; removesOwner: boolean; addsOwner: boolean } {
  if (target.role === to) throw new Conflict(`${target.email} already has the role ${to}.`);
  if (target.userId === actorId && target.role === 'owner') {
    throw new Conflict('Owners cannot change their own role; another owner can.');
  }
  return {
    user: { ...target, role: to },
    removesOwner: target.role === 'owner' && target.status === 'active',
    addsOwner: to === 'owner' && target.status === 'active',
  };
}

export function deactivate(target: User, actorId: string): { user: User; removesOwner: boolean } {
  if (target.userId === actorId) throw new Conflict('You cannot deactivate yourself.');
  if (target.status === 'deactivated') throw new Conflict(`${target.email} is already deactivated.`);
  return { user: { ...target, status: 'deactivated' }, removesOwner: target.role === 'owner' };
}

export function reactivate(target: User): { user: User; addsOwner: boolean } {
  if (target.status === 'active') throw new Conflict(`${target.email} is already active.`);
  return { user: { ...target, status: 'active' }, addsOwner: target.role === 'owner' };
}

export function newInvitation(input: { email: string; role: Role }, invitedBy: string, now: Date): Invitation {
  const email = input.email.trim().toLowerCase();
  if (!email.includes('@')) throw new InvalidInput(`"${input.email}" is not an email address.`);
  return {
    email,
    role: input.role,
    invitedBy,
    invitedAt: now.toISOString(),
    status: 'pending',
    expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000).toISOString(),
  };
}

export function isOpen(invitation: Invitation | undefined, now: Date): invitation is Invitation {
  return invitation?.status === 'pending' && Date.parse(invitation.expiresAt) > now.getTime();
}

/**
 * Maps the groups a federated IdP asserts (e.g. a SAML `groups` attribute) to a role,
 * using the stack's mapping parameter `idp-group=role,...`. The highest role wins.
 */
export function roleFromIdpGroups(groups: readonly string[], mapping: string): Role | undefined {
  const order: Role[] = ['owner', 'admin', 'member', 'viewer'];
  const table = new Map<string, Role>();
  for (const pair of mapping
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [group, role] = pair.split('=').map((s) => s.trim());
    if (group && role && (order as string[]).includes(role)) table.set(group, role as Role);
  }
  const roles = groups.map((g) => table.get(g)).filter((r): r is Role => r !== undefined);
  return order.find((r) => roles.includes(r));
}
