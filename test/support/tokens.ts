/**
 * Forged tokens for the authorizer's attack tests: each breaks exactly one rule of the
 * HTTP API's JWT check and keeps everything else valid (the runtime's own key, kid,
 * issuer, audience and claims), so a 401 proves that one rule is enforced.
 */
import { randomUUID } from 'node:crypto';
import { exportSPKI, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { readKeys } from '../../functions/local/oidc/keys.js';

export interface ForgeContext {
  dataDir: string;
  issuer: string;
}

export const validClaims = (issuer: string, sub = randomUUID()): JWTPayload => {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    sub,
    aud: 'ownstack-web',
    client_id: 'ownstack-web',
    scope: 'openid email profile',
    email: `${sub.slice(0, 8)}@example.com`,
    email_verified: true,
    name: 'Mallory',
    iat: now,
    exp: now + 3600,
  };
};

/** Signed with the runtime's real key: valid unless the claims say otherwise. */
export async function signWithRuntimeKey(ctx: ForgeContext, claims: JWTPayload): Promise<string> {
  const keys = readKeys(ctx.dataDir);
  if (!keys) throw new Error(`No keys in ${ctx.dataDir}; start the runtime first.`);
  const key = await importJWK(keys.signingKey, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys.signingKey.kid }).sign(key);
}

/** Signed by an attacker's key that claims the runtime key's kid. */
export async function signWithForeignKey(ctx: ForgeContext, claims: JWTPayload): Promise<string> {
  const keys = readKeys(ctx.dataDir);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys?.signingKey.kid ?? 'unknown' }).sign(privateKey);
}

/** `alg: none`: no signature at all. */
export function unsignedToken(ctx: ForgeContext, claims: JWTPayload): string {
  const keys = readKeys(ctx.dataDir);
  const header = { alg: 'none', typ: 'at+jwt', kid: keys?.signingKey.kid };
  return `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}.`;
}

/** HS256 with the public key's PEM bytes as the HMAC secret: the classic algorithm-confusion attack. */
export async function hmacWithPublicKey(ctx: ForgeContext, claims: JWTPayload): Promise<string> {
  const keys = readKeys(ctx.dataDir);
  if (!keys) throw new Error(`No keys in ${ctx.dataDir}.`);
  const { kty, n, e, kid } = keys.signingKey;
  const publicKey = (await importJWK({ kty, n, e }, 'RS256', { extractable: true })) as CryptoKey;
  const publicPemBytes = new TextEncoder().encode(await exportSPKI(publicKey));
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid }).sign(publicPemBytes);
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
