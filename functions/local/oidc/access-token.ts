/**
 * What an access token of the local provider carries, in one place: the provider's
 * resource server settings, `tokenFor()` and `npm run dev:token` all read it, so a token
 * minted for tests looks exactly like one the sign-in flow issues. It mirrors a Cognito
 * access token after the token enricher: `client_id`, `scope`, `email`, `email_verified`
 * and `name`, plus `aud` (the HTTP API's JWT authorizer accepts `aud` or `client_id`).
 */
import { randomBytes } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import type { LocalAccount } from './accounts.js';
import { type LocalKeys, SIGNING_ALG } from './keys.js';

/** Who a token is for: a seeded or an invited account. */
export type TokenSubject = Pick<LocalAccount, 'sub' | 'email' | 'name' | 'emailVerified'>;

/** The SPA's OIDC client id, which is also the API's expected audience. */
export const WEB_CLIENT_ID = 'ownstack-web';
/** The resource indicator of the API; every access token is issued for it. */
export const API_RESOURCE = 'urn:ownstack:api';
export const API_SCOPE = 'openid email profile';
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** The claims beyond the registered ones (the token enricher's in AWS, which omits an unset name). */
export const profileClaimsOf = (user: Omit<TokenSubject, 'sub'>) => ({
  email: user.email,
  email_verified: user.emailVerified,
  ...(user.name ? { name: user.name } : {}),
});

export async function signAccessToken(keys: LocalKeys, issuer: string, user: TokenSubject, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  const key = await importJWK(keys.signingKey, SIGNING_ALG);
  return new SignJWT({ ...profileClaimsOf(user), scope: API_SCOPE, client_id: WEB_CLIENT_ID })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: 'at+jwt', kid: keys.signingKey.kid })
    .setIssuer(issuer)
    .setSubject(user.sub)
    .setAudience(WEB_CLIENT_ID)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key);
}
