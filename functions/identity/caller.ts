/**
 * Who is calling a private route. Verified JWT claims (put on the event by the HTTP API's
 * JWT authorizer, or by the local runtime's identical check) mean a session; with none, an
 * `Authorization: Bearer osk_…` header means an API key (served by the integration API,
 * which has no JWT authorizer), verified here before any use case. Anything else is 401.
 */
import { looksLikeApiKey } from '../apikeys/domain.js';
import { principalFromApiKey } from '../apikeys/authenticate.js';
import { Unauthenticated } from '../platform/errors.js';
import { type Principal, verifiedClaimsSchema } from '../platform/principal.js';
import type { RequestMeta } from '../platform/route.js';
import type { Services } from '../services.js';
import { resolvePrincipal } from './sign-in.js';

export async function resolveCaller(jwtClaims: unknown, request: RequestMeta, services: Services): Promise<Principal> {
  if (jwtClaims !== undefined) {
    const claims = verifiedClaimsSchema.safeParse(jwtClaims);
    if (!claims.success) throw new Unauthenticated('The token lacks the claims this API needs.');
    return resolvePrincipal(claims.data, request, services);
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer && looksLikeApiKey(bearer)) return principalFromApiKey(bearer, services);
  throw new Unauthenticated('A valid bearer token is required.');
}
