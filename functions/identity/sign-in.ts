/**
 * Resolve the caller of a private route: verified claims in, an active principal out.
 * Creates the user on first sign-in, together with its `identity.user.joined` event.
 */
import { domainEvent } from '../events/domain.js';
import type { Clock, IdSource } from '../platform/ports.js';
import type { Principal, VerifiedClaims } from '../platform/principal.js';
import type { RequestMeta } from '../platform/route.js';
import { type JoinPolicy, principalOf, USER_JOINED, userFromFirstSignIn } from './domain.js';
import type { UserStore } from './store.js';

export interface SignInDeps {
  users: UserStore;
  clock: Clock;
  ids: IdSource;
  policy: JoinPolicy;
}

export async function resolvePrincipal(claims: VerifiedClaims, request: RequestMeta, deps: SignInDeps): Promise<Principal> {
  const existing = await deps.users.get(claims.sub);
  if (existing) return principalOf(existing, claims);

  const user = userFromFirstSignIn(claims, deps.policy, deps.clock.now());
  const event = domainEvent(
    {
      type: USER_JOINED,
      actor: { userId: user.userId, via: 'session', ip: request.sourceIp, userAgent: request.userAgent },
      subject: { kind: 'user', id: user.userId },
      data: { email: user.email, role: user.role },
      correlationId: request.correlationId,
    },
    deps,
  );
  const created = await deps.users.createWithEvent(user, event);
  // Two first requests can race; the loser reads what the winner wrote.
  const stored = created ? user : await deps.users.get(claims.sub);
  if (!stored) throw new Error(`User ${claims.sub} was neither created nor found.`);
  return principalOf(stored, claims);
}
