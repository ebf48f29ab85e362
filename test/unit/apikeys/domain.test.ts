import { describe, expect, it } from 'vitest';
import { issueApiKey, needsLastUsedUpdate, parseApiKey, verifyApiKey } from '../../../functions/apikeys/domain.js';
import { InvalidInput, Unauthenticated } from '../../../functions/platform/errors.js';
import { ulid } from '../../../functions/platform/ids.js';

const now = new Date('2026-11-24T10:00:00Z');
const issue = (overrides: Partial<Parameters<typeof issueApiKey>[0]> = {}) =>
  issueApiKey({ name: ' CI deploys ', scopes: ['read', 'read', 'write'], expiresInDays: 30, createdBy: 'u1', ...overrides }, ulid(now.getTime()), now);

describe('API keys', () => {
  it('shows the whole key once and stores only its hash and a visible prefix', () => {
    const { token, key } = issue();
    const parsed = parseApiKey(token);
    expect(parsed?.keyId).toBe(key.keyId);
    expect(JSON.stringify(key)).not.toContain(parsed?.secret);
    expect(key).toMatchObject({ name: 'CI deploys', scopes: ['read', 'write'], prefix: `osk_${key.keyId}`, expiresAt: '2026-12-24T10:00:00.000Z' });
  });

  it('verifies the right secret and refuses a wrong, revoked or expired one alike', () => {
    const { token, key } = issue();
    const secret = parseApiKey(token)?.secret ?? '';
    expect(verifyApiKey(key, secret, now)).toBe(key);
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(() => verifyApiKey(key, wrong, now)).toThrow(Unauthenticated);
    expect(() => verifyApiKey({ ...key, revokedAt: now.toISOString() }, secret, now)).toThrow(Unauthenticated);
    expect(() => verifyApiKey(key, secret, new Date('2026-12-25T00:00:00Z'))).toThrow(Unauthenticated);
    expect(() => verifyApiKey(undefined, secret, now)).toThrow(Unauthenticated);
  });

  it('refuses keys without scopes or with a lifetime outside 1 to 365 days', () => {
    expect(() => issue({ scopes: [] })).toThrow(InvalidInput);
    expect(() => issue({ expiresInDays: 0 })).toThrow(InvalidInput);
    expect(() => issue({ expiresInDays: 366 })).toThrow(InvalidInput);
  });

  it('does not take a random string or another vendor’s key for one of ours', () => {
    expect(parseApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBeUndefined();
    expect(parseApiKey('osk_short_secret')).toBeUndefined();
  });

  it('writes last-used at most every five minutes', () => {
    const { key } = issue();
    expect(needsLastUsedUpdate(key, now)).toBe(true);
    expect(needsLastUsedUpdate({ ...key, lastUsedAt: '2026-11-24T09:58:00Z' }, now)).toBe(false);
    expect(needsLastUsedUpdate({ ...key, lastUsedAt: '2026-11-24T09:54:00Z' }, now)).toBe(true);
  });
});
