import { describe, expect, it } from 'vitest';
import { PAYMENT_GRACE_DAYS } from '../../../../functions/licensing/claims.js';
import {
  currentSubscription,
  deriveSubscriptionState,
  type StripeSubscriptionView,
  subscriptionStatusOf,
} from '../../../../functions/vendor/billing/subscription-state.js';
import type { SubscriptionState } from '../../../../functions/vendor/subscription.js';

const now = new Date('2026-11-24T10:00:00.000Z');
const DAY_MS = 24 * 3600 * 1000;

function subscription(overrides: Partial<StripeSubscriptionView> = {}): StripeSubscriptionView {
  return {
    id: 'sub_1',
    status: 'active',
    trialEnd: null,
    created: 1_700_000_000,
    items: [
      { priceId: 'price_enterprise_seat_monthly', quantity: 12, currentPeriodEnd: 1_800_000_000 },
      { priceId: 'price_enterprise_api_calls', currentPeriodEnd: 1_800_000_000 },
    ],
    ...overrides,
  };
}

const derive = (sub: StripeSubscriptionView | undefined, previous?: SubscriptionState, failureAt?: Date) =>
  deriveSubscriptionState({ installationId: 'inst_a', stripeCustomerId: 'cus_a', subscription: sub, previous, now, failureAt });

describe('deriveSubscriptionState', () => {
  it('reads the plan from the price and the seats from the seat item', () => {
    expect(derive(subscription())).toEqual({
      installationId: 'inst_a',
      stripeCustomerId: 'cus_a',
      stripeSubscriptionId: 'sub_1',
      plan: 'enterprise',
      status: 'active',
      seatsBilled: 12,
      currentPeriodEnd: new Date(1_800_000_000 * 1000).toISOString(),
      syncedAt: now.toISOString(),
    });
  });

  it('is free with status none when the customer has no subscription, or only an unfinished Checkout', () => {
    expect(derive(undefined)).toMatchObject({ plan: 'free', status: 'none', seatsBilled: 0 });
    expect(derive(subscription({ status: 'incomplete' }))).toMatchObject({ plan: 'free', status: 'none', seatsBilled: 0 });
  });

  it('gives the trial end while trialing', () => {
    const state = derive(subscription({ status: 'trialing', trialEnd: 1_790_000_000, items: [{ priceId: 'price_pro_seat_monthly', quantity: 3 }] }));
    expect(state).toMatchObject({ plan: 'pro', status: 'trialing', seatsBilled: 3, trialEndsAt: new Date(1_790_000_000_000).toISOString() });
  });

  it('falls back to free, no seats and no dates once canceled or paused', () => {
    for (const status of ['canceled', 'incomplete_expired', 'paused']) {
      const state = derive(subscription({ status, trialEnd: 1_790_000_000 }));
      expect(state).toMatchObject({ plan: 'free', status: 'canceled', seatsBilled: 0 });
      expect(state.trialEndsAt).toBeUndefined();
      expect(state.currentPeriodEnd).toBeUndefined();
    }
  });

  it('starts the payment grace at the failure and keeps it while past_due', () => {
    const failedAt = new Date('2026-11-20T08:00:00.000Z');
    const first = derive(subscription({ status: 'past_due' }), undefined, failedAt);
    expect(first.graceEndsAt).toBe(new Date(failedAt.getTime() + PAYMENT_GRACE_DAYS * DAY_MS).toISOString());
    const later = derive(subscription({ status: 'past_due' }), first, new Date('2026-11-23T08:00:00.000Z'));
    expect(later.graceEndsAt).toBe(first.graceEndsAt);
    expect(derive(subscription({ status: 'unpaid' }), later).status).toBe('past_due');
  });

  it('counts the grace from now when past_due is seen before the failure event', () => {
    expect(derive(subscription({ status: 'past_due' })).graceEndsAt).toBe(new Date(now.getTime() + PAYMENT_GRACE_DAYS * DAY_MS).toISOString());
  });

  it('clears the grace once paid, and starts a fresh one for a new subscription', () => {
    const pastDue = derive(subscription({ status: 'past_due' }), undefined, new Date('2026-11-01T00:00:00.000Z'));
    expect(derive(subscription({ status: 'active' }), pastDue).graceEndsAt).toBeUndefined();
    const other = derive(subscription({ id: 'sub_2', status: 'past_due' }), pastDue);
    expect(other.graceEndsAt).toBe(new Date(now.getTime() + PAYMENT_GRACE_DAYS * DAY_MS).toISOString());
  });

  it('keeps free for a live subscription on a price no plan knows', () => {
    expect(derive(subscription({ items: [{ priceId: 'price_unknown', quantity: 4 }] }))).toMatchObject({ plan: 'free', status: 'active', seatsBilled: 0 });
  });
});

describe('currentSubscription', () => {
  it('prefers the newest live subscription over a newer canceled one', () => {
    const live = subscription({ id: 'sub_live', status: 'active', created: 10 });
    const canceled = subscription({ id: 'sub_old', status: 'canceled', created: 20 });
    expect(currentSubscription([canceled, live])?.id).toBe('sub_live');
    expect(currentSubscription([canceled])?.id).toBe('sub_old');
    expect(currentSubscription([])).toBeUndefined();
  });
});

describe('subscriptionStatusOf', () => {
  it.each([
    ['trialing', 'trialing'],
    ['active', 'active'],
    ['past_due', 'past_due'],
    ['unpaid', 'past_due'],
    ['incomplete', 'none'],
    ['canceled', 'canceled'],
    ['paused', 'canceled'],
  ])('maps Stripe %s to %s', (stripe, ours) => {
    expect(subscriptionStatusOf(stripe)).toBe(ours);
  });
});
