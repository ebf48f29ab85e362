/**
 * Bills the seat count the heartbeat reported: sets the quantity of the subscription's
 * seat item when it differs from what Stripe has now. Stripe then sends
 * customer.subscription.updated, and the worker records the new `seatsBilled` from it.
 */
import type Stripe from 'stripe';
import { PLANS } from '../plans.js';
import type { BillingSubscriptionStore } from './store.js';
import { isLive } from './subscription-state.js';
import { billedSeats } from './use-cases.js';

export interface SeatsDeps {
  store: BillingSubscriptionStore;
  stripe: Stripe;
}

export async function applySeats(deps: SeatsDeps, message: { installationId: string; seats: number }): Promise<'updated' | 'unchanged' | 'no-subscription'> {
  const record = await deps.store.get(message.installationId);
  if (!record?.stripeSubscriptionId || !isLive(record.status)) return 'no-subscription';
  const billing = PLANS[record.plan].billing;
  if (billing.kind === 'none') return 'no-subscription';
  const subscription = await deps.stripe.subscriptions.retrieve(record.stripeSubscriptionId);
  const item = subscription.items.data.find((i) => i.price.id === billing.seatPriceId);
  if (!item || subscription.status === 'canceled') return 'no-subscription';
  const quantity = billedSeats(message.seats);
  if (item.quantity === quantity) return 'unchanged';
  await deps.stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity }], proration_behavior: 'create_prorations' });
  return 'updated';
}
