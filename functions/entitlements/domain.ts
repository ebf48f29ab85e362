/**
 * Entitlements: what this installation may use (plan, seats, features, quotas), decided
 * from the stored license and the time alone by `entitlementsAt`, a pure function, so
 * every rule below is tested without a table or a clock. Limits are enforced by the
 * modules that consume them (projects, documents, attachments, members, audit export);
 * this module says what the limits are (see docs/licensing.md).
 *
 * - No license: the community defaults.
 * - A valid license: the plan it grants, with its status, trial and grace dates.
 * - past_due beyond `graceEndsAt`, canceled, or a trial a day past its end: the license's
 *   `fallback` grant (degraded: nothing is deleted; creates beyond the lower limits are
 *   refused with quota-exceeded).
 * - Expired: still in force until `exp + OFFLINE_GRACE_SECONDS` (the control plane may be
 *   unreachable), then the community defaults.
 */
import { type Grant, type LicenseClaims, OFFLINE_GRACE_SECONDS } from '../licensing/claims.js';

export interface Quotas {
  projects: number;
  documents: number;
  storageBytes: number;
  apiCallsPerMonth: number;
}

export type PlanInForce = 'community' | 'free' | 'pro' | 'enterprise';

export interface Entitlements {
  plan: PlanInForce;
  status: 'active' | 'trialing' | 'past_due' | 'canceled';
  source: 'community-default' | 'license';
  /** valid; offline-grace: expired but still counted; none: no license in force. */
  licenseState: 'none' | 'valid' | 'offline-grace';
  seats: number;
  features: string[];
  quotas: Quotas;
  /** ISO time the license in force expires; absent for community defaults. */
  expiresAt?: string;
  trialEndsAt?: string;
  graceEndsAt?: string;
  /** True when the fallback grant applies instead of the plan paid for (past_due after grace, canceled, trial over). */
  degraded: boolean;
  /** The plan paid for, when it is not the plan in force. */
  paidPlan?: 'free' | 'pro' | 'enterprise';
  /** The rollout ring the license puts this installation in (2, everyone, without one). */
  ring: 0 | 1 | 2;
  /** The installation's id in the control plane, from the license. */
  installationId?: string;
}

/** What an installation may do with no license at all (the free plan's limits). */
export const COMMUNITY_ENTITLEMENTS: Readonly<Entitlements> = Object.freeze({
  plan: 'community',
  status: 'active',
  source: 'community-default',
  licenseState: 'none',
  seats: 5,
  features: [],
  quotas: Object.freeze({
    projects: 3,
    documents: 200,
    storageBytes: 1024 ** 3,
    apiCallsPerMonth: 100_000,
  }),
  degraded: false,
  ring: 2,
});

export const communityEntitlements = (): Entitlements => structuredClone(COMMUNITY_ENTITLEMENTS) as Entitlements;

/**
 * A trial ends at `trialEndsAt`; the control plane then issues an active license (a card
 * was added) or a canceled one. This slack covers the hourly sync bringing it, so a
 * paying customer is never dropped to the fallback for the minutes in between.
 */
export const TRIAL_END_SLACK_MS = 24 * 3600 * 1000;

/** The license as stored (verified when stored); only the claims decide. */
export interface LicenseInput {
  claims: LicenseClaims;
}

export function entitlementsAt(stored: LicenseInput | undefined, now: Date): Entitlements {
  if (!stored) return communityEntitlements();
  const { claims } = stored;
  const t = now.getTime();
  const expMs = claims.exp * 1000;
  if (t >= expMs + OFFLINE_GRACE_SECONDS * 1000) return communityEntitlements();
  const fallsBack =
    claims.status === 'canceled' ||
    (claims.status === 'past_due' && (claims.graceEndsAt === undefined || t >= Date.parse(claims.graceEndsAt))) ||
    (claims.status === 'trialing' && claims.trialEndsAt !== undefined && t >= Date.parse(claims.trialEndsAt) + TRIAL_END_SLACK_MS);
  const grant: Grant = fallsBack ? claims.fallback : claims;
  return {
    plan: grant.plan,
    status: claims.status,
    source: 'license',
    licenseState: t < expMs ? 'valid' : 'offline-grace',
    seats: grant.seats,
    features: [...grant.features],
    quotas: { ...grant.quotas },
    expiresAt: new Date(expMs).toISOString(),
    ...(claims.trialEndsAt ? { trialEndsAt: claims.trialEndsAt } : {}),
    ...(claims.graceEndsAt ? { graceEndsAt: claims.graceEndsAt } : {}),
    degraded: fallsBack,
    ...(fallsBack ? { paidPlan: claims.plan } : {}),
    ring: claims.ring,
    installationId: claims.sub,
  };
}

/** Features that a plan unlocks, by name (the license's `features`). */
export const FEATURES = {
  auditExport: 'audit-export',
  supportAccess: 'support-access',
} as const;

/** The plans that include a feature, for "needs the pro plan" answers. */
export const PLANS_WITH_FEATURE: Readonly<Record<string, readonly string[]>> = {
  [FEATURES.auditExport]: ['pro', 'enterprise'],
  [FEATURES.supportAccess]: ['enterprise'],
};

export function has(entitlements: Pick<Entitlements, 'features'>, feature: string): boolean {
  return entitlements.features.includes(feature);
}
