/**
 * Users of this installation. A user appears on first sign-in from verified token claims
 * (just in time); the first one whose email matches the stack's initial-owner parameter
 * becomes the owner. Roles and status live here, never in the token.
 */
import { Unauthenticated } from '../platform/errors.js';
import type { Principal, Role, VerifiedClaims } from '../platform/principal.js';
import { mfaFrom } from '../platform/principal.js';

export type UserStatus = 'active' | 'deactivated';

export interface User {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  createdAt: string;
  /** Groups (teams) the user belongs to; kept on the user so one read yields the principal. */
  groupIds: string[];
  /** The IdP's username when it is not the email (federated users), for admin calls. */
  idpUsername?: string;
}

/** The name to give the IdP's admin API for this person. */
export const idpNameOf = (user: Pick<User, 'email' | 'idpUsername'>) => user.idpUsername ?? user.email;

export interface JoinPolicy {
  initialOwnerEmail?: string;
}

/** Where a first sign-in's role comes from, strongest first; the initial owner beats all. */
export interface JoinGrants {
  /** The role of an open invitation to this email. */
  invitedRole?: Role;
  /** The role the federated IdP's groups map to. */
  idpRole?: Role;
}

export const USER_JOINED = 'identity.user.joined' as const;

export function userFromFirstSignIn(claims: VerifiedClaims, policy: JoinPolicy, now: Date, grants: JoinGrants = {}): User {
  if (!claims.email) {
    throw new Unauthenticated('The token carries no email claim; the identity provider must release the email scope.');
  }
  const email = claims.email.toLowerCase();
  const isInitialOwner = policy.initialOwnerEmail !== undefined && policy.initialOwnerEmail.toLowerCase() === email && claims.email_verified !== false;
  return {
    userId: claims.sub,
    email,
    displayName: claims.name?.trim() || email.split('@')[0] || email,
    role: isInitialOwner ? 'owner' : (grants.invitedRole ?? grants.idpRole ?? 'member'),
    status: 'active',
    createdAt: now.toISOString(),
    groupIds: [],
    ...(claims.username && claims.username !== claims.sub && claims.username.toLowerCase() !== email ? { idpUsername: claims.username } : {}),
  };
}

export function principalOf(user: User, claims: VerifiedClaims): Principal {
  if (user.status !== 'active') {
    // Same answer as a bad token: a deactivated user learns nothing more.
    throw new Unauthenticated('This account is not active.');
  }
  return {
    userId: user.userId,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    groupIds: user.groupIds,
    via: 'session',
    scopes: [],
    mfa: mfaFrom(claims),
  };
}
