/**
 * API keys for integrations. A key is `osk_<keyId>_<secret>`: the id finds the stored
 * record in one read, the 256-bit secret is shown once and stored only as its SHA-256
 * (a fast hash suffices for a random secret of that size; a password hash would only add
 * latency). A key acts as its creator, within its scopes, and only while both are valid.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Scope, SCOPES } from '../authz/actions.js';
import { InvalidInput, Unauthenticated } from '../platform/errors.js';
import { MAX_KEY_LIFETIME_DAYS } from './schemas.js';

export const API_KEY_PREFIX = 'osk';
const KEY_PATTERN = /^osk_([0-9A-Z]{26})_([A-Za-z0-9_-]{43})$/;
/** Last-used is written at most this often per key, so reads do not become writes. */
export const LAST_USED_RESOLUTION_MS = 5 * 60 * 1000;

export interface ApiKey {
  keyId: string;
  name: string;
  scopes: Scope[];
  /** The visible part, for lists: `osk_<keyId>`. */
  prefix: string;
  secretHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface NewApiKey {
  key: ApiKey;
  /** The whole key, shown to its creator once and never stored. */
  token: string;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function issueApiKey(
  input: { name: string; scopes: Scope[]; expiresInDays: number; createdBy: string },
  keyId: string,
  now: Date,
  random = randomBytes(32),
): NewApiKey {
  const scopes = [...new Set(input.scopes)].sort();
  if (scopes.length === 0 || !scopes.every((s) => (SCOPES as readonly string[]).includes(s))) {
    throw new InvalidInput(`Give a key at least one scope of ${SCOPES.join(', ')}.`);
  }
  if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_KEY_LIFETIME_DAYS) {
    throw new InvalidInput(`A key expires after 1 to ${MAX_KEY_LIFETIME_DAYS} days (got ${input.expiresInDays}).`);
  }
  const secret = random.toString('base64url');
  return {
    token: `${API_KEY_PREFIX}_${keyId}_${secret}`,
    key: {
      keyId,
      name: input.name.trim(),
      scopes,
      prefix: `${API_KEY_PREFIX}_${keyId}`,
      secretHash: hashOf(secret),
      createdBy: input.createdBy,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    },
  };
}

/** Splits a presented key; undefined when it is not shaped like one of ours. */
export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(token);
  return match ? { keyId: match[1] as string, secret: match[2] as string } : undefined;
}

export const looksLikeApiKey = (token: string) => token.startsWith(`${API_KEY_PREFIX}_`);

/** Throws the same Unauthenticated for every way a key can be wrong: callers learn nothing. */
export function verifyApiKey(stored: ApiKey | undefined, secret: string, now: Date): ApiKey {
  const presented = Buffer.from(hashOf(secret), 'hex');
  const expected = Buffer.from(stored?.secretHash ?? '0'.repeat(64), 'hex');
  const matches = timingSafeEqual(presented, expected) && stored !== undefined;
  if (!matches || !stored || stored.revokedAt || Date.parse(stored.expiresAt) <= now.getTime()) {
    throw new Unauthenticated('The API key is not valid.');
  }
  return stored;
}

export function needsLastUsedUpdate(key: ApiKey, now: Date): boolean {
  return !key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}
