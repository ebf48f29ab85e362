/**
 * The whole upgrade flow on one machine, through the installation's billing routes: the
 * real local control plane (its handlers, table, billing queue and the Stripe fake that
 * signs its webhooks) beside an installation on DynamoDB Local. Activate with the printed
 * code, pay a Checkout, refresh: Pro is in force. (The trial route is covered against the
 * stand-in in licensing.test.ts and the control plane's trial in vendor-local-control-plane.) A failed payment makes it
 * past_due with its grace on the page; paying restores it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { domainEvent } from '../../functions/events/domain.js';
import type { User } from '../../functions/identity/domain.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { type LocalControlPlane, startLocalControlPlane } from '../../functions/vendor/local/control-plane.js';
import { eventually } from '../support/eventually.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';

const WEB_ORIGIN = 'http://localhost:3000';
let plane: LocalControlPlane;
let dataDir: string;
let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
let admin: User;

async function call(method: string, path: string, body?: unknown) {
  const result = await router.handle(
    anApiEvent(`${method} ${path}`, {
      headers: { 'content-type': 'application/json' },
      claims: { sub: admin.userId, email: admin.email },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'licensing-flow-'));
  plane = await startLocalControlPlane({
    port: 0,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    quiet: true,
    tableName: `licensing-flow-vendor-${randomUUID().slice(0, 8)}`,
    stripe: { port: 0 },
  });
  table = await createTestTable('licensing-flow');
  services = createServices(
    { ...table.config, CONTROL_PLANE_URL: plane.url, VENDOR_PUBLIC_KEY: JSON.stringify(plane.publicKeyJwk), WEB_ORIGIN },
    { db: table.db },
  );
  router = createRouter(routes, { services, logger: silentLogger() });
  admin = {
    userId: randomUUID(),
    email: 'admin@example.com',
    displayName: 'Admin',
    role: 'admin',
    status: 'active',
    createdAt: new Date().toISOString(),
    groupIds: [],
  };
  await services.users.createWithEvent(
    admin,
    domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id: 'admin' }, data: {} }, services),
  );
}, 60_000);

afterAll(async () => {
  await plane?.stop();
  await table?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The newest subscription the Stripe fake made (its id for the fake's payment controls). */
function latestSubscriptionId(): string {
  const made = plane.stripe
    .events()
    .filter((e) => String(e.type).startsWith('customer.subscription.'))
    .map((e) => (e.data as { object: { id: string } }).object.id);
  const id = made.at(-1);
  if (!id) throw new Error('the Stripe fake made no subscription');
  return id;
}

describe('upgrading on one machine', () => {
  it('activates, pays a Checkout and runs Pro; a failed payment is past_due with grace, paying restores it', async () => {
    let view = (await call('POST', '/api/billing/activate', { activationCode: plane.activationCode })).body;
    expect(view).toMatchObject({
      connection: { state: 'connected' },
      license: { state: 'valid' },
      plan: 'free',
      actions: { startTrial: true, checkout: true },
    });

    const checkout = await call('POST', '/api/billing/checkout', { plan: 'pro', seats: 2 });
    expect(checkout.status, JSON.stringify(checkout.body)).toBe(200);
    const sessionId = new URL(checkout.body.url).pathname.split('/').at(-1) ?? '';
    const returnedTo = await plane.stripe.payCheckout(sessionId);
    expect(returnedTo.startsWith(`${WEB_ORIGIN}/billing?checkout=success`)).toBe(true);

    view = await eventually(
      async () => {
        await plane.billingIdle();
        const answer = (await call('POST', '/api/billing/refresh', {})).body;
        return answer.plan === 'pro' && answer.status === 'active' ? answer : undefined;
      },
      { what: 'an active Pro license after Checkout' },
    );
    expect(view).toMatchObject({ degraded: false, actions: { portal: true, checkout: false } });
    expect((await call('GET', '/api/me')).body.entitlements).toMatchObject({ plan: 'pro', status: 'active' });

    const subscriptionId = latestSubscriptionId();
    await plane.stripe.failPayment(subscriptionId);
    view = await eventually(
      async () => {
        await plane.billingIdle();
        const answer = (await call('POST', '/api/billing/refresh', {})).body;
        return answer.status === 'past_due' ? answer : undefined;
      },
      { what: 'a past_due license after a failed payment' },
    );
    expect(view).toMatchObject({ plan: 'pro', degraded: false });
    expect(view.graceDaysLeft).toBeGreaterThan(0);

    await plane.stripe.pay(subscriptionId);
    view = await eventually(
      async () => {
        await plane.billingIdle();
        const answer = (await call('POST', '/api/billing/refresh', {})).body;
        return answer.status === 'active' ? answer : undefined;
      },
      { what: 'an active license again after payment' },
    );
    expect(view).toMatchObject({ plan: 'pro', degraded: false });
    expect(plane.billingQueueState().deadLetters).toEqual([]);
  }, 120_000);
});
