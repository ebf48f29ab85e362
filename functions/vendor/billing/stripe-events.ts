/**
 * Processes one queued Stripe event: exactly one effect per event id, whatever the order
 * or number of deliveries. The event is read back from Stripe (the queue carries only its
 * id), the customer's subscriptions are re-read (the state is what Stripe says now, never
 * an event's snapshot), and the new state is committed in one transaction with the
 * event's once-only marker. Never trusts the queued type for anything but logging.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { failedConditionIndexes } from '../../platform/dynamo.js';
import type { BillingSubscriptionStore, StripeEventOutcome, SubscriptionRecord } from './store.js';
import { currentSubscription, deriveSubscriptionState } from './subscription-state.js';
import { HANDLED_STRIPE_EVENTS, eventRefs, subscriptionView } from './stripe-views.js';

export interface StripeEventDeps {
  db: DynamoDBDocumentClient;
  store: BillingSubscriptionStore;
  stripe: Stripe;
  now: () => Date;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type StripeEventResult = StripeEventOutcome | 'duplicate' | 'ignored-type';

/** A customer has few subscriptions; ten bounds the read. */
const SUBSCRIPTIONS_READ = 10;
/** Another worker committed an older read in between: apply ours over its version, a few times. */
const VERSION_RETRIES = 5;

export async function processStripeEvent(deps: StripeEventDeps, eventId: string): Promise<{ result: StripeEventResult; installationId?: string }> {
  if (await deps.store.stripeEventMarker(eventId)) return { result: 'duplicate' };
  const event = await deps.stripe.events.retrieve(eventId);
  if (!HANDLED_STRIPE_EVENTS.has(event.type)) return { result: 'ignored-type' };
  const { customerId, failureAt } = eventRefs(event);
  if (!customerId) return markOnly(deps, event, 'ignored-no-customer');
  const installationId = await installationOf(deps, customerId);
  if (!installationId) return markOnly(deps, event, 'ignored-unknown-customer');

  // `syncedAt` is when the read from Stripe began: a state read later already includes this event.
  const readAt = deps.now();
  const listed = await deps.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: SUBSCRIPTIONS_READ });
  const current = currentSubscription(listed.data.map(subscriptionView));
  const hadTrial = listed.data.some((s) => s.trial_start !== null);
  for (let attempt = 1; ; attempt++) {
    const previous = await deps.store.get(installationId);
    if (previous && previous.syncedAt > readAt.toISOString()) return markOnly(deps, event, 'superseded', installationId);
    const next: SubscriptionRecord = {
      ...deriveSubscriptionState({ installationId, stripeCustomerId: customerId, subscription: current, previous, now: readAt, failureAt }),
      ...(previous?.trialUsed || hadTrial ? { trialUsed: true } : {}),
    };
    const items = [
      deps.store.stripeEventMarkerPut(event, 'applied', deps.now(), installationId),
      deps.store.subscriptionPut(next, previous?.syncedAt ?? null),
      deps.store.installationPlanUpdate(installationId, next),
    ];
    const outcome = await commit(deps.db, items);
    if (outcome === 'committed') return { result: 'applied', installationId };
    if (outcome.includes(0)) return { result: 'duplicate', installationId };
    // The installation item is B1's: if it is not there, the subscription still counts.
    if (outcome.includes(2) && !outcome.includes(1)) {
      const retried = await commit(deps.db, items.slice(0, 2));
      if (retried === 'committed') return { result: 'applied', installationId };
      if (retried.includes(0)) return { result: 'duplicate', installationId };
    }
    if (attempt >= VERSION_RETRIES) throw new Error(`Subscription of ${installationId} kept changing while event ${event.id} was applied; retrying later.`);
  }
}

/** The customer index first; else the customer's own metadata, confirmed against the subscription item (the index is eventually consistent). */
async function installationOf(deps: StripeEventDeps, customerId: string): Promise<string | undefined> {
  const indexed = await deps.store.installationForCustomer(customerId);
  if (indexed) return indexed;
  const customer = await deps.stripe.customers.retrieve(customerId);
  const claimed = 'deleted' in customer && customer.deleted ? undefined : customer.metadata?.installationId;
  if (!claimed) return undefined;
  const record = await deps.store.get(claimed);
  return record?.stripeCustomerId === customerId ? claimed : undefined;
}

async function markOnly(deps: StripeEventDeps, event: Stripe.Event, outcome: StripeEventOutcome, installationId?: string) {
  const result = await commit(deps.db, [deps.store.stripeEventMarkerPut(event, outcome, deps.now(), installationId)]);
  return { result: result === 'committed' ? outcome : ('duplicate' as const), installationId };
}

/** 'committed', or the indexes of the elements whose condition failed; anything else (a conflict, a throttle) is thrown, so SQS retries. */
async function commit(db: DynamoDBDocumentClient, items: TransactItem[]): Promise<'committed' | number[]> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return 'committed';
  } catch (error) {
    const failed = failedConditionIndexes(error);
    if (!failed || failed.length === 0) throw error;
    return failed;
  }
}
