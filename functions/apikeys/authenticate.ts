/**
 * Authenticates a request that presents an API key, before any use case runs. The key
 * acts as its creator (their current role and groups), within its own scopes, and only
 * while the key is unrevoked and unexpired and the creator is active. Every failure looks
 * the same to the caller.
 */
import { principalOf } from '../identity/domain.js';
import { Unauthenticated } from '../platform/errors.js';
import type { Principal } from '../platform/principal.js';
import type { Services } from '../services.js';
import { needsLastUsedUpdate, parseApiKey, verifyApiKey } from './domain.js';

export async function principalFromApiKey(token: string, services: Pick<Services, 'apiKeys' | 'users' | 'clock'>): Promise<Principal> {
  const parsed = parseApiKey(token);
  if (!parsed) throw new Unauthenticated('The API key is not valid.');
  const now = services.clock.now();
  const key = verifyApiKey(await services.apiKeys.get(parsed.keyId), parsed.secret, now);
  const creator = await services.users.get(key.createdBy);
  if (creator?.status !== 'active') throw new Unauthenticated('The API key is not valid.');
  if (needsLastUsedUpdate(key, now)) await services.apiKeys.touch(key.keyId, now);
  return { ...principalOf(creator, { sub: creator.userId }), via: 'apiKey', apiKeyId: key.keyId, scopes: key.scopes, mfa: false };
}
