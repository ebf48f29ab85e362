/**
 * Vendor staff sign-in, locally: instead of the vendor's Cognito user pool, the local
 * control plane mints one admin access token with its own RS256 key and checks it with
 * the same authorizer the application's local runtime uses, as the HTTP API's JWT
 * authorizer does in AWS. The token is served to the console on `/config.json`: that is
 * acceptable only because the local plane listens on loopback and holds no real data.
 */
import { randomBytes } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { createJwtAuthorizer } from '../../local/jwt-authorizer.js';
import { loadOrCreateKeys, publicJwk, SIGNING_ALG } from '../../local/oidc/keys.js';
import { VENDOR_ADMIN_GROUP } from '../http/admin-auth.js';

export const LOCAL_ADMIN_AUDIENCE = 'ownstack-vendor-console';
const TOKEN_TTL_SECONDS = 24 * 3600;

export async function localAdminAuth(vendorDir: string, issuer: string) {
  const keys = await loadOrCreateKeys(vendorDir);
  const authorize = createJwtAuthorizer({ issuer, audience: [LOCAL_ADMIN_AUDIENCE], jwks: { keys: [publicJwk(keys)] } });
  const signingKey = await importJWK(keys.signingKey, SIGNING_ALG);

  /** A token shaped like a Cognito access token of a member of `vendor-admins`. */
  async function mintAdminToken(subject = { sub: 'local-vendor-admin', email: 'vendor-admin@localhost' }, groups = [VENDOR_ADMIN_GROUP]): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ email: subject.email, 'cognito:groups': groups, client_id: LOCAL_ADMIN_AUDIENCE })
      .setProtectedHeader({ alg: SIGNING_ALG, typ: 'at+jwt', kid: keys.signingKey.kid })
      .setIssuer(issuer)
      .setSubject(subject.sub)
      .setAudience(LOCAL_ADMIN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_TTL_SECONDS)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(signingKey);
  }

  return { authorize, mintAdminToken };
}
