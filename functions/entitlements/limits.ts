/**
 * The questions every limit in the product asks, answered in one place from the
 * entitlements in force: "may this installation use feature X" (`requireFeature`), "how
 * many seats / projects / documents / bytes are left" (`remaining`), "may one more person
 * take a seat" (`requireSeats`). Quotas on creates are enforced atomically by the usage
 * counter (`usage.ts`); these answers are for checks before a change and for display.
 */
import { Forbidden, QuotaExceeded } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import { type Entitlements, has, PLANS_WITH_FEATURE } from './domain.js';
import type { SeatCounter } from './seats.js';
import type { UsageStore } from './usage.js';

export type LimitMeter = 'seats' | 'projects' | 'documents' | 'storageBytes';

export interface Remaining {
  meter: LimitMeter;
  limit: number;
  used: number;
  /** Never negative: a degraded installation above its lower limits has 0 left, nothing is deleted. */
  remaining: number;
}

export interface LimitDeps {
  entitlements: () => Promise<Entitlements>;
  usage: UsageStore;
  seats: SeatCounter;
  clock: Clock;
}

export async function remaining(deps: LimitDeps, meter: LimitMeter): Promise<Remaining> {
  const entitlements = await deps.entitlements();
  const limit = meter === 'seats' ? entitlements.seats : entitlements.quotas[meter];
  const used = meter === 'seats' ? (await deps.seats.count(deps.clock.now())).used : (await deps.usage.current())[meter];
  return { meter, limit, used, remaining: Math.max(0, limit - used) };
}

const PLAN_NAMES: Record<string, string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise', community: 'Community' };

/** Forbidden (403) with the plans that include the feature, unless the plan in force has it. */
export async function requireFeature(deps: Pick<LimitDeps, 'entitlements'>, feature: string, what: string): Promise<void> {
  const entitlements = await deps.entitlements();
  if (has(entitlements, feature)) return;
  const plans = PLANS_WITH_FEATURE[feature] ?? [];
  const needed = plans.map((p) => PLAN_NAMES[p] ?? p).join(' or ');
  throw new Forbidden(
    `${what} needs the ${needed || 'a higher'} plan; this installation is on the ${PLAN_NAMES[entitlements.plan] ?? entitlements.plan} plan.`,
    {
      reason: 'feature-not-in-plan',
      feature,
      plan: entitlements.plan,
      plans,
    },
  );
}

/**
 * QuotaExceeded (403, meter `seats`) if `adding` more people would take more seats than
 * the plan in force has. Checked before the change, not in its transaction: two admins
 * inviting at the same instant can pass one seat over, never more than that race.
 */
export async function requireSeats(deps: LimitDeps, adding = 1): Promise<void> {
  const entitlements = await deps.entitlements();
  const limit = entitlements.seats;
  const { used } = await deps.seats.count(deps.clock.now(), limit);
  if (used + adding <= limit) return;
  throw new QuotaExceeded(
    `Your plan has ${limit} seats and ${used} are taken (active members and open invitations). Deactivate someone, revoke an invitation or move to a plan with more seats.`,
    { meter: 'seats', limit, used },
  );
}
