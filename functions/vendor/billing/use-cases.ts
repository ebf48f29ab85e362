/**
 * Billing as the installation API offers it: start the pro trial (no card), open Stripe
 * Checkout to buy a plan, open the Customer Portal, accept usage reports and take the seat
 * count from the heartbeat. One Stripe customer per installation (metadata.installationId,
 * indexed). Never decides a state from its own guess: the webhook worker writes what
 * Stripe says; only a new trial's state is written here, from Stripe's own answer.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { CheckoutRequest, UsageReport } from '../../licensing/control-plane-api.js';
import { isConditionFailure } from '../../platform/dynamo.js';
import { Conflict, InvalidInput, NotFound } from '../../platform/errors.js';
import { PLANS, type PlanId } from '../plans.js';
import type { BillingMessage } from './messages.js';
import { type BillingSubscriptionStore, dynamoSubscriptionStore, type SubscriptionRecord } from './store.js';
import { subscriptionView } from './stripe-views.js';
import { deriveSubscriptionState, isLive } from './subscription-state.js';
import { type UsageResponse, acceptUsage as acceptUsageReports } from './usage.js';

export type { BillingMessage } from './messages.js';
export type { UsageResponse } from './usage.js';

export interface BillingDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  stripe: Stripe;
  now: () => Date;
  sendBilling(message: BillingMessage): Promise<void>;
  /** The control plane's public origin (unused by billing today; links come from the installation). */
  publicUrl?: string;
}

const MAX_SEATS = 10_000;

const storeOf = (deps: BillingDeps): BillingSubscriptionStore => dynamoSubscriptionStore(deps.db, deps.tableName);

/** Starts the 14-day pro trial without a card; Stripe cancels it at the end if no card was added. */
export async function startTrial(deps: BillingDeps, installationId: string): Promise<void> {
  const store = storeOf(deps);
  const { record, seats } = await ensureCustomer(deps, store, installationId);
  refuseIfLive(record, 'start a trial');
  if (record.trialUsed) throw new Conflict('This installation has already had its free trial. Choose a plan in Checkout instead.');
  const plan = PLANS.pro;
  if (plan.billing.kind === 'none' || !plan.billing.trialDays) throw new Error('The pro plan has no trial configured.');
  const subscription = await deps.stripe.subscriptions.create(
    {
      customer: record.stripeCustomerId,
      items: [{ price: plan.billing.seatPriceId, quantity: seats }],
      trial_period_days: plan.billing.trialDays,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
      payment_settings: { save_default_payment_method: 'on_subscription' },
      metadata: { installationId },
    },
    // One trial per installation even if this request is retried.
    { idempotencyKey: `trial-${installationId}` },
  );
  const next: SubscriptionRecord = {
    ...deriveSubscriptionState({
      installationId,
      stripeCustomerId: record.stripeCustomerId,
      subscription: subscriptionView(subscription),
      previous: record,
      now: deps.now(),
    }),
    trialUsed: true,
  };
  try {
    await store.save(next, record.syncedAt);
  } catch (error) {
    // The webhook worker got there first with Stripe's state: that state stands.
    if (!isConditionFailure(error)) throw error;
  }
}

/** A Checkout session to buy `plan` for `seats`; the subscription appears through the webhook once paid. */
export async function startCheckout(deps: BillingDeps, installationId: string, req: CheckoutRequest): Promise<{ url: string }> {
  requireReturnUrl(req.successUrl, 'successUrl');
  requireReturnUrl(req.cancelUrl, 'cancelUrl');
  const store = storeOf(deps);
  const { record } = await ensureCustomer(deps, store, installationId);
  refuseIfLive(record, 'start a checkout');
  const billing = PLANS[req.plan as PlanId].billing;
  if (billing.kind === 'none') throw new InvalidInput(`The ${req.plan} plan cannot be bought.`);
  const session = await deps.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: record.stripeCustomerId,
    client_reference_id: installationId,
    line_items: [{ price: billing.seatPriceId, quantity: req.seats }, ...(billing.usage ? [{ price: billing.usage.priceId }] : [])],
    success_url: req.successUrl,
    cancel_url: req.cancelUrl,
    metadata: { installationId, plan: req.plan },
    subscription_data: { metadata: { installationId } },
  });
  if (!session.url) throw new Error('Stripe returned a Checkout session without a URL.');
  return { url: session.url };
}

/** The Customer Portal for this installation's Stripe customer (cards, seats, invoices, cancellation). */
export async function openPortal(deps: BillingDeps, installationId: string, req: { returnUrl: string }): Promise<{ url: string }> {
  requireReturnUrl(req.returnUrl, 'returnUrl');
  const record = await storeOf(deps).get(installationId);
  if (!record) throw new Conflict('This installation has no billing account yet: start a trial or a checkout first.');
  const session = await deps.stripe.billingPortal.sessions.create({ customer: record.stripeCustomerId, return_url: req.returnUrl });
  return { url: session.url };
}

export function acceptUsage(deps: BillingDeps, installationId: string, reports: UsageReport[]): Promise<UsageResponse> {
  return acceptUsageReports({ ...deps, store: storeOf(deps) }, installationId, reports);
}

/** From the heartbeat: queue a quantity change when the billed seats differ (the worker talks to Stripe). */
export async function recordSeats(deps: BillingDeps, installationId: string, seats: number): Promise<void> {
  const record = await storeOf(deps).get(installationId);
  if (!record?.stripeSubscriptionId || !isLive(record.status)) return;
  if (billedSeats(seats) === record.seatsBilled) return;
  await deps.sendBilling({ kind: 'seats', installationId, seats });
}

/** A subscription bills at least one seat, and at most what Checkout sells. */
export const billedSeats = (activeUsers: number) => Math.min(Math.max(1, activeUsers), MAX_SEATS);

function refuseIfLive(record: SubscriptionRecord, action: string) {
  if (isLive(record.status))
    throw new Conflict(
      `Cannot ${action}: this installation already has a ${record.status} ${record.plan} subscription. Change or cancel it in the customer portal.`,
      { subscriptionStatus: record.status, plan: record.plan },
    );
}

/** Stripe sends the browser back here: https, or http only to this machine (local runs). */
function requireReturnUrl(value: string, field: string) {
  const url = new URL(value);
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return;
  throw new InvalidInput(`${field} must be an https URL (or http on localhost), not ${url.protocol}//${url.host}.`, { field });
}

/**
 * The installation's Stripe customer, created on first use: Stripe's idempotency key makes
 * concurrent first calls share one customer, and the conditional put keeps one item.
 */
async function ensureCustomer(deps: BillingDeps, store: BillingSubscriptionStore, installationId: string) {
  const installation = await store.installationExists(installationId);
  if (!installation.exists) throw new NotFound('No such installation.');
  const seats = billedSeats(installation.seats ?? 1);
  const existing = await store.get(installationId);
  if (existing) return { record: existing, seats };
  const customer = await deps.stripe.customers.create({ metadata: { installationId } }, { idempotencyKey: `customer-${installationId}` });
  const record: SubscriptionRecord = {
    installationId,
    stripeCustomerId: customer.id,
    plan: 'free',
    status: 'none',
    seatsBilled: 0,
    syncedAt: deps.now().toISOString(),
  };
  try {
    await store.save(record, null);
    return { record, seats };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const raced = await store.get(installationId);
    if (!raced) throw error;
    return { record: raced, seats };
  }
}
