/**
 * Reads what billing needs out of Stripe's objects: which customer and subscription an
 * event concerns, and a subscription reduced to the fields the state rule uses. The only
 * place that knows Stripe's shapes (API 2026-10-28: periods on items, an invoice's
 * subscription under `parent.subscription_details`).
 */
import type Stripe from 'stripe';
import type { StripeSubscriptionView } from './subscription-state.js';

/** The events the worker acts on; any other type is acknowledged and ignored. */
export const HANDLED_STRIPE_EVENTS = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.trial_will_end',
  'invoice.paid',
  'invoice.payment_failed',
]);

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === 'string' ? value : value?.id);

export interface EventRefs {
  customerId?: string;
  /** When the event reports a failed payment: when it happened (the dunning grace counts from it). */
  failureAt?: Date;
}

export function eventRefs(event: Stripe.Event): EventRefs {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.trial_will_end':
    case 'invoice.paid':
      return { customerId: idOf(event.data.object.customer) };
    case 'invoice.payment_failed':
      return { customerId: idOf(event.data.object.customer), failureAt: new Date(event.created * 1000) };
    default:
      return {};
  }
}

export function subscriptionView(subscription: Stripe.Subscription): StripeSubscriptionView {
  return {
    id: subscription.id,
    status: subscription.status,
    trialEnd: subscription.trial_end,
    created: subscription.created,
    items: subscription.items.data.map((item) => ({
      priceId: item.price.id,
      ...(item.quantity === undefined ? {} : { quantity: item.quantity }),
      currentPeriodEnd: item.current_period_end,
    })),
  };
}

/** Stripe's answer to a meter event whose identifier it has already seen: the usage is billed, nothing to redo. */
export function isDuplicateMeterEvent(error: unknown): boolean {
  const e = error as { type?: string; code?: string; message?: string } | null;
  if (e?.type !== 'StripeInvalidRequestError') return false;
  return e.code === 'resource_already_exists' || /already exists with identifier/i.test(e.message ?? '');
}
