/**
 * The local provider's signing key (RS256, like Cognito's) and cookie keys, generated on
 * the first run and kept in `<dataDir>/oidc-keys.json`, so tokens and sessions' cookies
 * survive a restart. The file holds a private key: it is written owner-readable only and
 * must never be used outside the local runtime.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';

export const SIGNING_ALG = 'RS256';
const KEYS_FILE = 'oidc-keys.json';

const keysFileSchema = z.object({
  signingKey: z
    .object({ kty: z.literal('RSA'), kid: z.string(), alg: z.literal(SIGNING_ALG), use: z.literal('sig'), n: z.string(), e: z.string(), d: z.string() })
    .loose(),
  cookieKeys: z.array(z.string().min(32)).min(1),
});

export interface LocalKeys {
  /** Private JWK with `kid`, `alg` and `use`: what the provider signs with. */
  signingKey: JWK & { kid: string };
  cookieKeys: string[];
}

export const keysFilePath = (dataDir: string) => join(dataDir, KEYS_FILE);

export async function loadOrCreateKeys(dataDir: string): Promise<LocalKeys> {
  const existing = readKeys(dataDir);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const keys: LocalKeys = {
    signingKey: { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')],
  };
  writeFileSync(keysFilePath(dataDir), `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

/** The persisted keys, or undefined if the runtime never ran with this data directory. */
export function readKeys(dataDir: string): LocalKeys | undefined {
  const file = keysFilePath(dataDir);
  if (!existsSync(file)) return undefined;
  const parsed = keysFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid key file (${parsed.error.issues[0]?.message}). Delete it or start with --fresh.`);
  return parsed.data as LocalKeys;
}

/** The public half, as the provider's jwks_uri serves it. */
export function publicJwk(keys: LocalKeys): JWK & { kid: string } {
  const { kty, n, e, kid, alg, use } = keys.signingKey;
  return { kty, n, e, kid, alg, use };
}
