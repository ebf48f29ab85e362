/**
 * Usage reports on real parts: stored once per installation, meter and hour in DynamoDB
 * Local, forwarded by the real worker to the Stripe fake's Billing Meter through the SDK.
 * A report sent three times bills once; the hours an installation may report are bounded.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterIdentifier } from '../../functions/vendor/billing/usage.js';
import { acceptUsage, startCheckout } from '../../functions/vendor/billing/use-cases.js';
import { vendorKeys } from '../../functions/vendor/table.js';
import { type BillingHarness, createBillingHarness } from './vendor-billing-harness.js';

let h: BillingHarness;
beforeAll(async () => {
  h = await createBillingHarness();
});
afterAll(async () => {
  await h?.close();
});

const HOUR_MS = 3600 * 1000;
/** `YYYY-MM-DDTHH` of the UTC hour `offsetHours` from now. */
const hourAt = (offsetHours: number) => new Date(Date.now() + offsetHours * HOUR_MS).toISOString().slice(0, 13);

async function subscribed(plan: 'pro' | 'enterprise') {
  const installationId = await h.registerInstallation(2);
  const { url } = await startCheckout(h.deps, installationId, { plan, seats: 2, successUrl: 'https://c.example/ok', cancelUrl: 'https://c.example/no' });
  await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' });
  await h.drain();
  const record = await h.store.get(installationId);
  return { installationId, customerId: record?.stripeCustomerId as string };
}

async function billedTotal(customerId: string) {
  const summaries = await h.stripe.billing.meters.listEventSummaries('mtr_ownstack_api_calls', {
    customer: customerId,
    start_time: Math.floor((Date.now() - 40 * 24 * HOUR_MS) / 1000),
    end_time: Math.floor((Date.now() + 2 * HOUR_MS) / 1000),
  });
  return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
}

async function usageItem(installationId: string, meter: string, hour: string) {
  return (await h.db.send(new GetCommand({ TableName: h.tableName, Key: vendorKeys.usageReport(installationId, meter, hour), ConsistentRead: true }))).Item;
}

describe('usage reports', () => {
  it('bills a report sent three times once', async () => {
    const { installationId, customerId } = await subscribed('enterprise');
    const report = { meter: 'apiCalls' as const, hour: hourAt(-1), value: 1234 };
    expect(await acceptUsage(h.deps, installationId, [report])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    // The retries arrive before the worker ran: each queues the still-pending forward again.
    expect(await acceptUsage(h.deps, installationId, [report])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await acceptUsage(h.deps, installationId, [report])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(h.queue.filter((m) => m.kind === 'usage-forward')).toHaveLength(3);
    expect((await h.drain()).failures).toEqual([]);

    const identifier = meterIdentifier(installationId, 'apiCalls', report.hour);
    expect(h.fake.controls.meterEvents().filter((e) => e.identifier === identifier)).toHaveLength(1);
    expect(await billedTotal(customerId)).toBe(1234);
    expect(await usageItem(installationId, 'apiCalls', report.hour)).toMatchObject({ forwarding: 'forwarded', value: 1234, entity: 'UsageReport' });
    // And once forwarded, a fourth copy queues nothing at all.
    expect(await acceptUsage(h.deps, installationId, [report])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(h.queue).toEqual([]);
  });

  it('refuses a different value for an hour already reported, and keeps the first', async () => {
    const { installationId, customerId } = await subscribed('enterprise');
    const hour = hourAt(-2);
    await acceptUsage(h.deps, installationId, [{ meter: 'apiCalls', hour, value: 10 }]);
    const second = await acceptUsage(h.deps, installationId, [{ meter: 'apiCalls', hour, value: 99 }]);
    expect(second.accepted).toBe(0);
    expect(second.rejected).toEqual([{ meter: 'apiCalls', hour, reason: expect.stringMatching(/^conflicting value/) }]);
    await h.drain();
    expect(await billedTotal(customerId)).toBe(10);
  });

  it('treats a meter event Stripe already has (same identifier) as sent', async () => {
    const { installationId, customerId } = await subscribed('enterprise');
    const hour = hourAt(-3);
    // A previous forward reached Stripe but died before it was recorded.
    await h.stripe.billing.meterEvents.create({
      event_name: 'ownstack_api_calls',
      identifier: meterIdentifier(installationId, 'apiCalls', hour),
      payload: { stripe_customer_id: customerId, value: '55' },
      timestamp: Math.floor((Date.now() - 3 * HOUR_MS) / 1000),
    });
    await acceptUsage(h.deps, installationId, [{ meter: 'apiCalls', hour, value: 55 }]);
    expect((await h.drain()).failures).toEqual([]);
    expect(await billedTotal(customerId)).toBe(55);
    expect(await usageItem(installationId, 'apiCalls', hour)).toMatchObject({ forwarding: 'forwarded' });
  });

  it('stores meters the plan does not bill without forwarding them', async () => {
    const { installationId: pro, customerId } = await subscribed('pro');
    const result = await acceptUsage(h.deps, pro, [
      { meter: 'apiCalls', hour: hourAt(-1), value: 500 },
      { meter: 'documents', hour: hourAt(-1), value: 42 },
    ]);
    expect(result).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(h.queue).toEqual([]);
    expect(await usageItem(pro, 'documents', hourAt(-1))).toMatchObject({ forwarding: 'not-billed', value: 42 });
    expect(await billedTotal(customerId)).toBe(0);
  });

  it('keeps the report pending while Stripe is down, and bills it once Stripe is back', async () => {
    const { installationId, customerId } = await subscribed('enterprise');
    const hour = hourAt(-4);
    await acceptUsage(h.deps, installationId, [{ meter: 'apiCalls', hour, value: 7 }]);
    h.fake.controls.setApiFailing(true);
    const down = await h.drain();
    h.fake.controls.setApiFailing(false);
    expect(down.failures).toHaveLength(1);
    expect(await usageItem(installationId, 'apiCalls', hour)).toMatchObject({ forwarding: 'pending' });
    h.queue.push(...down.failures, ...down.failures);
    expect((await h.drain()).failures).toEqual([]);
    expect(await billedTotal(customerId)).toBe(7);
  });
});

describe('clock skew', () => {
  it('accepts an hour up to one hour ahead, billed no later than now, and refuses further ahead', async () => {
    const { installationId } = await subscribed('enterprise');
    const result = await acceptUsage(h.deps, installationId, [
      { meter: 'apiCalls', hour: hourAt(1), value: 3 },
      { meter: 'apiCalls', hour: hourAt(2), value: 4 },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([{ meter: 'apiCalls', hour: hourAt(2), reason: expect.stringMatching(/future/) }]);
    expect((await h.drain()).failures).toEqual([]);
    const [event] = h.fake.controls.meterEvents().filter((e) => e.identifier === meterIdentifier(installationId, 'apiCalls', hourAt(1)));
    expect(Number(event?.timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('refuses hours older than 35 days (Stripe could never bill them) and accepts 34 days', async () => {
    const { installationId } = await subscribed('enterprise');
    const old = hourAt(-36 * 24);
    const recent = hourAt(-34 * 24);
    const result = await acceptUsage(h.deps, installationId, [
      { meter: 'apiCalls', hour: old, value: 1 },
      { meter: 'apiCalls', hour: recent, value: 2 },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, rejected: [{ meter: 'apiCalls', hour: old, reason: 'hour is older than 35 days' }] });
    expect((await h.drain()).failures).toEqual([]);
    expect(await usageItem(installationId, 'apiCalls', recent)).toMatchObject({ forwarding: 'forwarded' });
  });
});
