/**
 * The control plane's view of one installation's subscription, written by the billing
 * worker from what Stripe says now (never from an event's payload) and read by the
 * license issuer. One item per installation: `pk = INST#<id>`, `sk = SUBSCRIPTION`.
 */
import type { PlanId } from './plans.js';

export type SubscriptionStatus = 'none' | 'trialing' | 'active' | 'past_due' | 'canceled';

export interface SubscriptionState {
  installationId: string;
  stripeCustomerId: string;
  stripeSubscriptionId?: string;
  /** The plan paid for or trialled; 'free' when there is no live subscription. */
  plan: PlanId;
  status: SubscriptionStatus;
  /** Seats billed now (the subscription quantity). */
  seatsBilled: number;
  /** ISO: end of the trial (trialing). */
  trialEndsAt?: string;
  /** ISO: when a past_due subscription loses its plan (first failed payment + PAYMENT_GRACE_DAYS). */
  graceEndsAt?: string;
  /** ISO: end of the current billing period. */
  currentPeriodEnd?: string;
  /** ISO: when this state was read from Stripe. */
  syncedAt: string;
}

export interface SubscriptionStore {
  get(installationId: string): Promise<SubscriptionState | undefined>;
  /** The installation a Stripe customer belongs to (the customer's `metadata.installationId`, indexed). */
  installationForCustomer(stripeCustomerId: string): Promise<string | undefined>;
}
