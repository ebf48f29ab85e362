/**
 * The rule that turns what Stripe says now about a customer's subscription into the
 * control plane's `SubscriptionState`: plan from the price (plans as data), status, seats,
 * trial end, and the dunning grace (first failure + PAYMENT_GRACE_DAYS, kept while
 * past_due, cleared once paid). Pure: no SDK, no clock of its own, so event order and
 * duplicates cannot change the answer, only what Stripe reports.
 */
import { PAYMENT_GRACE_DAYS } from '../../licensing/claims.js';
import { planFor } from '../plans.js';
import type { SubscriptionState, SubscriptionStatus } from '../subscription.js';

/** The few fields of a Stripe subscription the rule reads (the adapter maps the SDK type to this). */
export interface StripeSubscriptionView {
  id: string;
  status: string;
  /** Epoch seconds. */
  trialEnd: number | null;
  created: number;
  items: { priceId: string; quantity?: number; currentPeriodEnd?: number }[];
}

const DAY_MS = 24 * 3600 * 1000;
const LIVE_STRIPE_STATUSES = new Set(['trialing', 'active', 'past_due', 'unpaid']);

export function subscriptionStatusOf(stripeStatus: string): SubscriptionStatus {
  switch (stripeStatus) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return 'active';
    case 'past_due':
    case 'unpaid':
      return 'past_due';
    // A Checkout never finished: nothing was bought.
    case 'incomplete':
      return 'none';
    default:
      // canceled, incomplete_expired, paused (a trial that ended without a card)
      return 'canceled';
  }
}

export const isLive = (status: SubscriptionStatus | undefined) => status === 'trialing' || status === 'active' || status === 'past_due';

/** Of a customer's subscriptions, the one that decides its state: the newest live one, else the newest. */
export function currentSubscription(subscriptions: StripeSubscriptionView[]): StripeSubscriptionView | undefined {
  const newestFirst = [...subscriptions].sort((a, b) => b.created - a.created);
  return newestFirst.find((s) => LIVE_STRIPE_STATUSES.has(s.status)) ?? newestFirst[0];
}

export interface DeriveInput {
  installationId: string;
  stripeCustomerId: string;
  subscription: StripeSubscriptionView | undefined;
  previous: SubscriptionState | undefined;
  now: Date;
  /** When a payment failed, if the event being processed says so; else the first sight of past_due counts. */
  failureAt?: Date;
}

export function deriveSubscriptionState(input: DeriveInput): SubscriptionState {
  const { subscription, previous, now } = input;
  const base = { installationId: input.installationId, stripeCustomerId: input.stripeCustomerId, syncedAt: now.toISOString() };
  if (!subscription) return { ...base, plan: 'free', status: 'none', seatsBilled: 0 };
  const status = subscriptionStatusOf(subscription.status);
  const plan = subscription.items.map((i) => planFor(i.priceId)).find((p) => p !== undefined);
  const live = isLive(status);
  const seatItem = subscription.items.find((i) => plan?.billing.kind !== 'none' && plan?.billing.seatPriceId === i.priceId);
  const periodEnds = subscription.items.flatMap((i) => (i.currentPeriodEnd ? [i.currentPeriodEnd] : []));
  const state: SubscriptionState = {
    ...base,
    stripeSubscriptionId: subscription.id,
    plan: live && plan ? plan.id : 'free',
    status,
    seatsBilled: live ? (seatItem?.quantity ?? 0) : 0,
  };
  if (status === 'trialing' && subscription.trialEnd) state.trialEndsAt = new Date(subscription.trialEnd * 1000).toISOString();
  if (status === 'past_due') {
    const kept = previous?.status === 'past_due' && previous.stripeSubscriptionId === subscription.id ? previous.graceEndsAt : undefined;
    state.graceEndsAt = kept ?? new Date((input.failureAt ?? now).getTime() + PAYMENT_GRACE_DAYS * DAY_MS).toISOString();
  }
  if (live && periodEnds.length > 0) state.currentPeriodEnd = new Date(Math.max(...periodEnds) * 1000).toISOString();
  return state;
}
