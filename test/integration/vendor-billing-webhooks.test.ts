/**
 * Stripe webhooks end to end on real parts: the Stripe fake emits signed events to the
 * real receiver, the real worker processes them against DynamoDB Local, reading the truth
 * back from the fake through the official SDK. Each valid event has exactly one effect.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_GRACE_DAYS } from '../../functions/licensing/claims.js';
import { openPortal, recordSeats, startCheckout, startTrial } from '../../functions/vendor/billing/use-cases.js';
import { vendorKeys } from '../../functions/vendor/table.js';
import { processBillingBatch } from '../../functions/vendor/billing/worker.js';
import { type BillingHarness, createBillingHarness, silentLog } from './vendor-billing-harness.js';

let h: BillingHarness;
beforeAll(async () => {
  h = await createBillingHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY_MS = 24 * 3600 * 1000;

const queuedTypes = () => h.queue.map((m) => (m.kind === 'stripe-event' ? m.type : m.kind));

async function markers() {
  return (await h.items()).filter((i) => i.entity === 'StripeEvent');
}

async function post(body: string, signature: string) {
  return fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
}

function fakeEvent(type: string, id = `evt_${Math.random().toString(36).slice(2)}`) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: 'sub_x', object: 'subscription', customer: 'cus_x' } },
  });
}

/** A paid subscription bought through Checkout, every event processed. */
async function checkoutPaid(plan: 'pro' | 'enterprise', seats = 4) {
  const installationId = await h.registerInstallation(seats);
  const { url } = await startCheckout(h.deps, installationId, {
    plan,
    seats,
    successUrl: 'https://customer.example/billing?ok',
    cancelUrl: 'https://customer.example/billing',
  });
  const pay = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' });
  expect(pay.status).toBe(303);
  expect((await h.drain()).failures).toEqual([]);
  const record = await h.store.get(installationId);
  return { installationId, record: record as NonNullable<typeof record> };
}

describe('the webhook endpoint', () => {
  it('refuses a forged signature with 400 and queues nothing', async () => {
    const body = fakeEvent('customer.subscription.updated');
    const forged = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_not_the_real_one' });
    const response = await post(body, forged);
    expect(response.status).toBe(400);
    expect(h.queue).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const body = fakeEvent('customer.subscription.updated');
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: h.webhookSecret });
    const response = await post(body.replace('cus_x', 'cus_y'), signature);
    expect(response.status).toBe(400);
    expect(h.queue).toEqual([]);
  });

  it('refuses a replayed event whose signature is older than five minutes', async () => {
    const body = fakeEvent('invoice.paid');
    const old = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: h.webhookSecret, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect((await post(body, old)).status).toBe(400);
    const fresh = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: h.webhookSecret });
    expect((await post(body, fresh)).status).toBe(200);
    expect(h.queue.splice(0)).toEqual([{ kind: 'stripe-event', id: JSON.parse(body).id, type: 'invoice.paid' }]);
  });

  it('refuses a request without a signature', async () => {
    const response = await fetch(h.webhookUrl, { method: 'POST', body: fakeEvent('invoice.paid') });
    expect(response.status).toBe(400);
  });

  it('acknowledges an event type it does not handle, and queues nothing', async () => {
    const body = fakeEvent('charge.refunded');
    const response = await post(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: h.webhookSecret }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, queued: false });
    expect(h.queue).toEqual([]);
  });
});

describe('the trial', () => {
  it('starts a 14-day pro trial without a card, and each of its events has one effect', async () => {
    const installationId = await h.registerInstallation(7);
    const before = Date.now();
    await startTrial(h.deps, installationId);
    const started = await h.store.get(installationId);
    expect(started).toMatchObject({ plan: 'pro', status: 'trialing', seatsBilled: 7, trialUsed: true });
    expect(Date.parse(started?.trialEndsAt ?? '') - before).toBeGreaterThanOrEqual(14 * DAY_MS - 1000);
    expect(Date.parse(started?.trialEndsAt ?? '') - before).toBeLessThanOrEqual(14 * DAY_MS + 5000);

    // customer.created is not handled and never queued; the subscription's two events are.
    expect(queuedTypes()).toEqual(['customer.subscription.created', 'invoice.paid']);
    const ids = h.queue.map((m) => (m.kind === 'stripe-event' ? m.id : ''));
    expect((await h.drain()).failures).toEqual([]);
    const mine = (await markers()).filter((m) => ids.includes(m.eventId as string));
    expect(mine.map((m) => [m.eventId, m.outcome, m.installationId]).sort()).toEqual(ids.map((id) => [id, 'applied', installationId]).sort());
    const installation = await h.db.send(new GetCommand({ TableName: h.tableName, Key: vendorKeys.installation(installationId) }));
    expect(installation.Item).toMatchObject({ plan: 'pro', status: 'trialing', entity: 'Installation' });
  });

  it('cancels a trial that ends without a card, and keeps one that ends with a card', async () => {
    const withoutCard = await h.registerInstallation();
    const withCard = await h.registerInstallation();
    await startTrial(h.deps, withoutCard);
    await startTrial(h.deps, withCard);
    await h.drain();
    const subscriptionOf = async (id: string) => (await h.store.get(id))?.stripeSubscriptionId as string;
    await h.fake.controls.endTrial(await subscriptionOf(withoutCard), { withCard: false });
    await h.fake.controls.endTrial(await subscriptionOf(withCard), { withCard: true });
    expect((await h.drain()).failures).toEqual([]);
    expect(await h.store.get(withoutCard)).toMatchObject({ plan: 'free', status: 'canceled', seatsBilled: 0 });
    expect((await h.store.get(withoutCard))?.trialEndsAt).toBeUndefined();
    expect(await h.store.get(withCard)).toMatchObject({ plan: 'pro', status: 'active' });
  });

  it('refuses a second trial, and a trial or a checkout while a subscription is live, with a clear 409', async () => {
    const installationId = await h.registerInstallation();
    await startTrial(h.deps, installationId);
    await expect(startTrial(h.deps, installationId)).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/already has a trialing pro subscription/),
    });
    await expect(
      startCheckout(h.deps, installationId, { plan: 'enterprise', seats: 2, successUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no' }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    await h.drain();
    await h.fake.controls.endTrial((await h.store.get(installationId))?.stripeSubscriptionId as string, { withCard: false });
    await h.drain();
    await expect(startTrial(h.deps, installationId)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringMatching(/already had its free trial/) });
  });

  it('answers 404 for an installation that does not exist', async () => {
    await expect(startTrial(h.deps, 'inst_doesnotexist0000000000')).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('checkout and portal', () => {
  it('buys enterprise through the hosted page: active, seats billed, metered price attached', async () => {
    const { installationId, record } = await checkoutPaid('enterprise', 12);
    expect(record).toMatchObject({ plan: 'enterprise', status: 'active', seatsBilled: 12 });
    expect(record.currentPeriodEnd).toBeDefined();
    const subscription = await h.stripe.subscriptions.retrieve(record.stripeSubscriptionId as string);
    expect(subscription.items.data.map((i) => i.price.id).sort()).toEqual(['price_enterprise_api_calls', 'price_enterprise_seat_monthly']);
    expect(subscription.metadata.installationId).toBe(installationId);
  });

  it('refuses return URLs that are neither https nor loopback', async () => {
    const installationId = await h.registerInstallation();
    await expect(
      startCheckout(h.deps, installationId, { plan: 'pro', seats: 1, successUrl: 'http://evil.example/ok', cancelUrl: 'https://a.example/no' }),
    ).rejects.toMatchObject({ kind: 'invalid' });
    await expect(openPortal(h.deps, installationId, { returnUrl: 'javascript:alert(1)' })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('opens the portal only once there is a billing account', async () => {
    const fresh = await h.registerInstallation();
    await expect(openPortal(h.deps, fresh, { returnUrl: 'http://localhost:5173/billing' })).rejects.toMatchObject({ kind: 'conflict' });
    const { installationId } = await checkoutPaid('pro');
    const { url } = await openPortal(h.deps, installationId, { returnUrl: 'http://localhost:5173/billing' });
    const page = await (await fetch(url)).text();
    expect(page).toContain('Cancel subscription');
  });
});

describe('exactly one effect per event', () => {
  it('makes the same event delivered twice a no-op', async () => {
    const { installationId } = await checkoutPaid('pro');
    const before = await h.store.get(installationId);
    const eventId = (await markers()).find((m) => m.installationId === installationId)?.eventId as string;
    await h.fake.controls.redeliver(eventId);
    await h.fake.controls.redeliver(eventId);
    expect(h.queue).toHaveLength(2);
    expect((await h.drain()).failures).toEqual([]);
    expect((await markers()).filter((m) => m.eventId === eventId)).toHaveLength(1);
    // Not even re-synced: the state item is exactly as it was.
    expect(await h.store.get(installationId)).toEqual(before);
  });

  it('lands on what Stripe says when events arrive out of order (updated before created)', async () => {
    const installationId = await h.registerInstallation(2);
    h.fake.controls.holdWebhooks();
    await startTrial(h.deps, installationId);
    const subscriptionId = (await h.store.get(installationId))?.stripeSubscriptionId as string;
    const subscription = await h.stripe.subscriptions.retrieve(subscriptionId);
    await h.stripe.subscriptions.update(subscriptionId, { items: [{ id: subscription.items.data[0]?.id as string, quantity: 9 }] });
    const released = await h.fake.controls.releaseWebhooks('reverse');
    expect(released.map((d) => d.type)).toEqual(['customer.subscription.updated', 'invoice.paid', 'customer.subscription.created', 'customer.created']);

    // The first one processed is the update: it already reads the final state.
    const [updated, ...rest] = h.queue.splice(0);
    h.queue.push(updated as (typeof h.queue)[number]);
    await h.drain();
    expect(await h.store.get(installationId)).toMatchObject({ status: 'trialing', seatsBilled: 9 });
    h.queue.push(...rest);
    expect((await h.drain()).failures).toEqual([]);
    expect(await h.store.get(installationId)).toMatchObject({ plan: 'pro', status: 'trialing', seatsBilled: 9 });
    const mine = (await markers()).filter((m) => m.installationId === installationId);
    expect(mine).toHaveLength(3);
    expect(new Set(mine.map((m) => m.eventId)).size).toBe(3);
  });

  it('handles a burst of events for one installation processed at the same time: none lost, none repeated', async () => {
    const { installationId, record } = await checkoutPaid('pro', 2);
    const subscriptionId = record.stripeSubscriptionId as string;
    h.fake.controls.holdWebhooks();
    await h.fake.controls.failPayment(subscriptionId);
    await h.fake.controls.pay(subscriptionId);
    const subscription = await h.stripe.subscriptions.retrieve(subscriptionId);
    await h.stripe.subscriptions.update(subscriptionId, { items: [{ id: subscription.items.data[0]?.id as string, quantity: 6 }] });
    await h.fake.controls.releaseWebhooks();
    const burst = h.queue.splice(0);
    expect(burst).toHaveLength(5);
    // Five Lambda invocations at once, one message each.
    const responses = await Promise.all(
      burst.map((message, i) =>
        processBillingBatch([{ messageId: `burst${i}`, body: JSON.stringify(message) }], {
          db: h.db,
          tableName: h.tableName,
          stripe: h.stripe,
          now: () => new Date(),
          log: silentLog,
        }),
      ),
    );
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const ids = burst.map((m) => (m.kind === 'stripe-event' ? m.id : ''));
    const mine = (await markers()).filter((m) => ids.includes(m.eventId as string));
    expect(mine).toHaveLength(5);
    expect(mine.every((m) => m.outcome === 'applied' || m.outcome === 'superseded')).toBe(true);
    expect(await h.store.get(installationId)).toMatchObject({ plan: 'pro', status: 'active', seatsBilled: 6 });
    expect((await h.store.get(installationId))?.graceEndsAt).toBeUndefined();
  });

  it('records an event for an unknown customer once, changes nothing and does not retry', async () => {
    const stranger = await h.stripe.customers.create({ metadata: { note: 'not an installation' } });
    await h.stripe.subscriptions.create({ customer: stranger.id, items: [{ price: 'price_pro_seat_monthly', quantity: 1 }], trial_period_days: 3 });
    const queued = h.queue.map((m) => (m.kind === 'stripe-event' ? m.id : ''));
    expect(queued).toHaveLength(2);
    const before = (await h.items()).filter((i) => i.entity === 'Subscription').length;
    const { failures } = await h.drain();
    expect(failures).toEqual([]);
    const mine = (await markers()).filter((m) => queued.includes(m.eventId as string));
    expect(mine.map((m) => m.outcome)).toEqual(['ignored-unknown-customer', 'ignored-unknown-customer']);
    expect((await h.items()).filter((i) => i.entity === 'Subscription')).toHaveLength(before);
    // Delivered again: still one marker each.
    await h.fake.controls.redeliver(queued[0] as string);
    await h.drain();
    expect((await markers()).filter((m) => m.eventId === queued[0])).toHaveLength(1);
  });
});

describe('dunning', () => {
  it('moves a failed payment to past_due with a grace period, keeps it through a second failure, and restores active at once when paid', async () => {
    const { installationId, record } = await checkoutPaid('pro', 5);
    const failedAt = Date.now();
    await h.fake.controls.failPayment(record.stripeSubscriptionId as string);
    expect(queuedTypes()).toEqual(['invoice.payment_failed', 'customer.subscription.updated']);
    expect((await h.drain()).failures).toEqual([]);
    const pastDue = await h.store.get(installationId);
    expect(pastDue).toMatchObject({ plan: 'pro', status: 'past_due', seatsBilled: 5 });
    const graceMs = Date.parse(pastDue?.graceEndsAt ?? '') - failedAt;
    expect(graceMs).toBeGreaterThan(PAYMENT_GRACE_DAYS * DAY_MS - 5000);
    expect(graceMs).toBeLessThan(PAYMENT_GRACE_DAYS * DAY_MS + 5000);

    await h.fake.controls.failPayment(record.stripeSubscriptionId as string);
    await h.drain();
    expect((await h.store.get(installationId))?.graceEndsAt).toBe(pastDue?.graceEndsAt);

    await h.fake.controls.pay(record.stripeSubscriptionId as string);
    expect((await h.drain()).failures).toEqual([]);
    const restored = await h.store.get(installationId);
    expect(restored).toMatchObject({ plan: 'pro', status: 'active' });
    expect(restored?.graceEndsAt).toBeUndefined();
  });
});

describe('seats from the heartbeat', () => {
  it('sets the subscription quantity when the reported seats differ, and records what Stripe bills', async () => {
    const { installationId, record } = await checkoutPaid('pro', 3);
    await recordSeats(h.deps, installationId, 3);
    expect(h.queue).toEqual([]);
    await recordSeats(h.deps, installationId, 8);
    expect(h.queue).toEqual([{ kind: 'seats', installationId, seats: 8 }]);
    // The seat change, then Stripe's customer.subscription.updated it causes.
    expect((await h.drain()).failures).toEqual([]);
    const subscription = await h.stripe.subscriptions.retrieve(record.stripeSubscriptionId as string);
    expect(subscription.items.data[0]?.quantity).toBe(8);
    expect(await h.store.get(installationId)).toMatchObject({ seatsBilled: 8 });
  });

  it('queues nothing for an installation without a live subscription', async () => {
    const installationId = await h.registerInstallation();
    await recordSeats(h.deps, installationId, 40);
    expect(h.queue).toEqual([]);
  });
});

describe('when Stripe is down', () => {
  it('fails the message so SQS retries it, then applies it once Stripe answers', async () => {
    const { installationId, record } = await checkoutPaid('pro');
    h.fake.controls.holdWebhooks();
    await h.fake.controls.failPayment(record.stripeSubscriptionId as string);
    await h.fake.controls.releaseWebhooks();
    const queued = h.queue.splice(0);
    h.fake.controls.setApiFailing(true);
    h.queue.push(...queued);
    const down = await h.drain();
    expect(down.failures).toHaveLength(2);
    h.fake.controls.setApiFailing(false);
    h.queue.push(...down.failures);
    expect((await h.drain()).failures).toEqual([]);
    expect(await h.store.get(installationId)).toMatchObject({ status: 'past_due' });
  });
});
