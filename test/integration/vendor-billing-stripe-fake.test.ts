/**
 * The local Stripe fake, through the official SDK: Stripe's error shapes, Idempotency-Key
 * replay, the hosted Checkout and Portal pages, signed webhooks, and state kept across a
 * restart when it has a data file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeFake, startStripeFake } from '../../functions/local/stripe-fake/server.js';
import { createStripe } from '../../functions/vendor/billing/stripe-client.js';

const secret = 'whsec_fake_test_secret';
const received: { type: string; verified: boolean }[] = [];
const receiver = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const event = Stripe.webhooks.constructEvent(Buffer.concat(chunks), String(req.headers['stripe-signature']), secret);
    received.push({ type: event.type, verified: true });
  } catch {
    received.push({ type: 'unverified', verified: false });
  }
  res.writeHead(200).end('{}');
});

let dir: string;
let fake: StripeFake;
let stripe: Stripe;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'stripe-fake-'));
  fake = await startStripeFake({
    webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
    webhookSecret: secret,
    dataFile: join(dir, 'stripe.json'),
  });
  stripe = createStripe('sk_test_fake', fake.url);
});
afterAll(async () => {
  await fake?.close();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Stripe fake', () => {
  it("answers in Stripe's error shape: 404 resource_missing, 401 without a key", async () => {
    await expect(stripe.subscriptions.retrieve('sub_missing')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      statusCode: 404,
    });
    const response = await fetch(`${fake.url}/v1/customers/cus_x`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('replays the first answer to a repeated Idempotency-Key', async () => {
    const first = await stripe.customers.create({ metadata: { n: '1' } }, { idempotencyKey: 'same-key' });
    const second = await stripe.customers.create({ metadata: { n: '2' } }, { idempotencyKey: 'same-key' });
    expect(second.id).toBe(first.id);
    expect(second.metadata).toEqual({ n: '1' });
  });

  it('signs every webhook so the SDK verifies it', async () => {
    received.length = 0;
    const customer = await stripe.customers.create({});
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_pro_seat_monthly', quantity: 1 }], trial_period_days: 14 });
    expect(received.map((r) => r.type)).toEqual(['customer.created', 'customer.subscription.created', 'invoice.paid']);
    expect(received.every((r) => r.verified)).toBe(true);
  });

  it('serves an accessible Checkout page whose Pay creates the subscription, emits the events and returns to success_url', async () => {
    const customer = await stripe.customers.create({});
    received.length = 0;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: 'price_pro_seat_monthly', quantity: 2 }],
      subscription_data: { trial_period_days: 14 },
      success_url: 'http://localhost:3000/billing?done={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/billing',
    });
    const html = await (await fetch(session.url as string)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<button type="submit">Pay<\/button>/);
    expect(html).toMatch(/<button type="submit">Cancel<\/button>/);
    const cancel = await fetch(`${session.url}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(cancel.headers.get('location')).toBe('http://localhost:3000/billing');
    const pay = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(pay.status).toBe(303);
    expect(pay.headers.get('location')).toBe(`http://localhost:3000/billing?done=${session.id}`);
    expect(received.map((r) => r.type)).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid']);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    const subscription = await stripe.subscriptions.retrieve(completed.subscription as string);
    expect(subscription).toMatchObject({ status: 'trialing', customer: customer.id });
  });

  it('lets the portal page change seats and cancel', async () => {
    const customer = await stripe.customers.create({});
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_seat_monthly', quantity: 2 }],
      trial_period_days: 14,
    });
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://localhost:3000/billing' });
    expect(await (await fetch(portal.url)).text()).toContain('<label>Seats');
    received.length = 0;
    await fetch(`${portal.url}/seats`, { method: 'POST', body: new URLSearchParams({ seats: '7' }), redirect: 'manual' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.quantity).toBe(7);
    await fetch(`${portal.url}/cancel`, { method: 'POST', redirect: 'manual' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled');
    expect(received.map((r) => r.type)).toEqual(['customer.subscription.updated', 'customer.subscription.deleted']);
  });

  it('offers its test controls over HTTP too: fail a payment, pay, list events', async () => {
    const customer = await stripe.customers.create({});
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_seat_monthly', quantity: 1 }],
      trial_period_days: 14,
    });
    const endTrial = await fetch(`${fake.url}/_fake/subscriptions/${subscription.id}/end-trial?card=1`, { method: 'POST' });
    expect(endTrial.status).toBe(200);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
    await fetch(`${fake.url}/_fake/subscriptions/${subscription.id}/fail-payment`, { method: 'POST' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
    await fetch(`${fake.url}/_fake/subscriptions/${subscription.id}/pay`, { method: 'POST' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
    const events = (await (await fetch(`${fake.url}/_fake/events`)).json()) as { type: string; data: { object: { id: string } } }[];
    expect(
      events
        .filter((e) => e.data.object.id === subscription.id || e.type.startsWith('invoice.'))
        .map((e) => e.type)
        .slice(-4),
    ).toEqual(['invoice.payment_failed', 'customer.subscription.updated', 'invoice.paid', 'customer.subscription.updated']);
  });

  it('answers 500 (api_error) while told to fail, and recovers', async () => {
    fake.controls.setApiFailing(true);
    const failing = createStripe('sk_test_fake', fake.url);
    await expect(failing.customers.create({})).rejects.toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
    fake.controls.setApiFailing(false);
    await expect(failing.customers.create({})).resolves.toMatchObject({ object: 'customer' });
  });

  it('keeps its customers and subscriptions across a restart with the same data file', async () => {
    const customer = await stripe.customers.create({ metadata: { installationId: 'inst_keep' } });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_seat_monthly', quantity: 3 }],
      trial_period_days: 14,
    });
    await fake.close();
    fake = await startStripeFake({ dataFile: join(dir, 'stripe.json') });
    stripe = createStripe('sk_test_fake', fake.url);
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ metadata: { installationId: 'inst_keep' } });
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'trialing' });
  });
});
