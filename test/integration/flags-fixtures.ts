/** Flags for tests: a valid body, fresh keys, and a stored flag made through the same use case as the API. */
import { randomBytes } from 'node:crypto';
import { putFlag } from '../../functions/flags/changes.js';
import type { FlagDefinition } from '../../functions/flags/model.js';
import { type FlagBody, flagBody } from '../../functions/flags/schemas.js';
import type { Services } from '../../functions/services.js';
import { LICENSE_AUDIENCE, LICENSE_ISSUER, LICENSE_TTL_SECONDS } from '../../functions/licensing/claims.js';
import type { StoredLicense } from '../../functions/licensing/store.js';

export const aFlagKey = (prefix: 'release' | 'exp' | 'ops' | 'tier' = 'release') => `${prefix}_t${randomBytes(5).toString('hex')}`;

/** A boolean flag rolled out to `percentage` of users (sticky on the user id). */
export const aFlagBody = (overrides: Partial<FlagBody> = {}, percentage = 10): FlagBody => ({
  description: 'The new editor',
  owner: 'team-docs',
  expiresAt: '2099-12-31',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  rules: [{ id: 'everyone', when: {}, serve: { rollout: { percentage, variant: 'on', stickiness: 'userId' } } }],
  ...overrides,
});

/** Stores a flag as an admin's PUT would (without the event), at version 1. */
export async function aFlag(s: Services, key = aFlagKey(), body: FlagBody = aFlagBody()) {
  const change = await putFlag({ store: s.flags, now: s.clock.now(), by: 'fixture' }, key, flagBody.parse(body), undefined);
  if (!change.after) throw new Error('no flag written');
  return change.after;
}

/** A license in force at `now` carrying these fleet flags (stored as the sync would, claims already verified). */
export function aLicenseWithFleetFlags(now: Date, flags: FlagDefinition[], flagsVersion = 1, ring: 0 | 1 | 2 = 1): StoredLicense {
  const iat = Math.floor(now.getTime() / 1000) - 60;
  const grant = {
    seats: 50,
    features: ['audit-export'],
    quotas: { projects: 100, documents: 10_000, storageBytes: 10 * 1024 ** 3, apiCallsPerMonth: 1_000_000 },
  };
  return {
    token: 'header.payload.signature',
    claims: {
      iss: LICENSE_ISSUER,
      aud: LICENSE_AUDIENCE,
      sub: 'inst_0123456789abcdefghij',
      jti: `lic-${randomBytes(4).toString('hex')}`,
      iat,
      exp: iat + LICENSE_TTL_SECONDS,
      status: 'active',
      plan: 'pro',
      ...grant,
      fallback: { plan: 'free', seats: 5, features: [], quotas: grant.quotas },
      ring,
      channel: 'stable',
      flags,
      flagsVersion,
    },
    receivedAt: now.toISOString(),
    source: 'sync',
  };
}

/** A fleet flag as the control plane signs it: off by default, on for the targets given. */
export const fleetFlagDefinition = (key: string, when: FlagDefinition['rules'][number]['when'], version = 1): FlagDefinition => ({
  key,
  description: 'A fleet release',
  owner: 'vendor',
  createdAt: '2026-11-01',
  expiresAt: '2099-12-31',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  rules: [{ id: 'ring', when, serve: { variant: 'on' } }],
  killed: false,
  version,
});
