/**
 * Entitlements: what this installation may use (plan, seats, features, quotas). Until a
 * license is present, the community defaults below are in force. Limits are checked by
 * the modules that consume them; this module only says what the limits are.
 */
export interface Quotas {
  projects: number;
  documents: number;
  storageBytes: number;
  apiCallsPerMonth: number;
}

export interface Entitlements {
  plan: 'community' | 'free' | 'pro' | 'enterprise';
  status: 'active' | 'trialing' | 'past_due' | 'canceled';
  source: 'community-default' | 'license';
  seats: number;
  features: string[];
  quotas: Quotas;
  /** ISO time the entitlements stop being valid; absent for community defaults. */
  expiresAt?: string;
}

/** What an installation may do with no license at all. Documented in docs/entitlements.md. */
export const COMMUNITY_ENTITLEMENTS: Readonly<Entitlements> = Object.freeze({
  plan: 'community',
  status: 'active',
  source: 'community-default',
  seats: 5,
  features: [],
  quotas: Object.freeze({
    projects: 3,
    documents: 200,
    storageBytes: 1024 ** 3,
    apiCallsPerMonth: 100_000,
  }),
});

export function entitlementsInForce(): Entitlements {
  return structuredClone(COMMUNITY_ENTITLEMENTS) as Entitlements;
}
