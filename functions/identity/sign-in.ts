/**
 * Resolve the caller of a private route: verified claims in, an active principal out.
 * Creates the user on first sign-in with its `identity.user.joined` event, in one
 * transaction that also accepts an open invitation and counts a new owner.
 */
import { domainEvent } from '../events/domain.js';
import { idpGroupsFrom, type Principal, type VerifiedClaims } from '../platform/principal.js';
import type { RequestMeta } from '../platform/route.js';
import { principalOf, USER_JOINED, userFromFirstSignIn } from './domain.js';
import { isOpen, roleFromIdpGroups } from './membership.js';
import type { Services } from '../services.js';

export type SignInDeps = Pick<Services, 'users' | 'invitations' | 'clock' | 'ids' | 'joinPolicy'>;

export async function resolvePrincipal(claims: VerifiedClaims, request: RequestMeta, deps: SignInDeps): Promise<Principal> {
  const existing = await deps.users.get(claims.sub);
  if (existing) return principalOf(existing, claims);

  const now = deps.clock.now();
  const invitation = claims.email ? await deps.invitations.get(claims.email) : undefined;
  const accepting = isOpen(invitation, now) ? invitation : undefined;
  const user = userFromFirstSignIn(claims, deps.joinPolicy, now, {
    invitedRole: accepting?.role,
    idpRole: roleFromIdpGroups(idpGroupsFrom(claims), deps.joinPolicy.idpGroupRoleMapping),
  });
  const event = domainEvent(
    {
      type: USER_JOINED,
      actor: { userId: user.userId, via: 'session', ip: request.sourceIp, userAgent: request.userAgent },
      subject: { kind: 'user', id: user.userId },
      data: { email: user.email, role: user.role, ...(accepting ? { invitedBy: accepting.invitedBy } : {}) },
      correlationId: request.correlationId,
    },
    deps,
  );
  const created = await deps.users.createWithEvent(user, event, {
    ownerDelta: user.role === 'owner' ? 1 : 0,
    alsoWrite: accepting ? [deps.invitations.acceptElement(accepting.email)] : [],
  });
  // Two first requests can race; the loser reads what the winner wrote.
  const stored = created ? user : await deps.users.get(claims.sub);
  if (!stored) throw new Error(`User ${claims.sub} was neither created nor found.`);
  return principalOf(stored, claims);
}
