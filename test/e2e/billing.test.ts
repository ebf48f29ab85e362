/**
 * The whole upgrade flow on one machine, in the browser: the local control plane (its own
 * table, the Stripe fake, the same handlers as the VendorStack) beside the installation's
 * local runtime, which is started connected to it with its license public key. The owner
 * opens Billing (not connected), is refused a malformed activation code before any request,
 * connects with the control plane's code, upgrades through the fake's Checkout page and
 * comes back to "Payment confirmed" on Pro. A failed payment (the fake's `/_fake` control)
 * puts the past-due banner above every page with the grace left; paying removes it. A
 * member sees neither the section nor the page. A second installation starts the Pro trial
 * without a card, adds one in the fake's Customer Portal and stays on Pro when the trial
 * ends. axe runs on every screen at desktop width and at 375 px.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingViewSchema } from '../../functions/licensing/billing-schemas.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { type LocalControlPlane, startLocalControlPlane } from '../../functions/vendor/local/control-plane.js';
import { apiCaller, feedback, openSection } from './support/app-steps.js';
import { type BrowserHarness, startBrowserHarness } from './support/browser-harness.js';
import { expectAccessible, expectFitsPhone, screenshot, signIn } from './support/page-checks.js';

const OWNER = { email: 'owner@example.com', name: 'Olivia Owner' };
const MEMBER = { email: 'member@example.com', name: 'Max Member' };
const CONSOLE_ROOT = fileURLToPath(new URL('../../frontend/dist/vendor', import.meta.url));

let dynamo: DynamoDbLocal | undefined;
let controlPlane: LocalControlPlane | undefined;
let controlPlaneDir: string | undefined;

// Registered before the harness's, so the runtime can be started connected to this control plane.
beforeAll(async () => {
  controlPlaneDir = await mkdtemp(join(tmpdir(), 'ownstack-e2e-control-plane-'));
  dynamo = await startDynamoDbLocal();
  controlPlane = await startLocalControlPlane({ port: 0, dataDir: controlPlaneDir, dynamoEndpoint: dynamo.endpoint, quiet: true, consoleRoot: CONSOLE_ROOT });
});

const harness = startBrowserHarness({
  runtimeOptions: () => ({
    dynamoEndpoint: started().dynamo.endpoint,
    controlPlane: { url: started().controlPlane.url, publicKey: JSON.stringify(started().controlPlane.publicKeyJwk) },
  }),
});
const { callApi } = apiCaller(harness);

// Hooks run in reverse: the runtime stops first, then what it talked to.
afterAll(async () => {
  await controlPlane?.stop();
  await dynamo?.stop();
  if (controlPlaneDir) await rm(controlPlaneDir, { recursive: true, force: true });
});

function started() {
  if (!dynamo || !controlPlane) throw new Error('beforeAll did not start DynamoDB Local and the control plane.');
  return { dynamo, controlPlane };
}

/** A fact of a card: `<dt>` term, its `<dd>`. */
function fact(page: Page, card: string, term: string) {
  return page.getByRole('region', { name: card, exact: true }).locator(`dt:text-is("${term}") + dd`);
}

/** The installation's subscription in the fake (the fake keeps the control plane's metadata). */
async function subscriptionOf(runtime: BrowserHarness, email: string): Promise<string> {
  const view = billingViewSchema.parse((await apiCaller(runtime).callApi(await runtime.runtime().tokenFor(email), 'GET', '/api/billing')).json);
  const found = Object.values(started().controlPlane.stripe.data.subscriptions).filter(
    (s) => (s.metadata as Record<string, string> | undefined)?.installationId === view.connection.installationId,
  );
  expect(found, `subscriptions of ${view.connection.installationId}`).toHaveLength(1);
  return found[0]?.id as string;
}

/** A test control of the Stripe fake, over HTTP as an operator would use it. */
async function fakeControl(path: string): Promise<void> {
  const response = await fetch(`${started().controlPlane.stripeUrl}/_fake${path}`, { method: 'POST' });
  expect(response.status, `POST /_fake${path}`).toBeLessThan(300);
  // The webhook is queued; the control plane's license changes once the billing worker ran.
  await started().controlPlane.billingIdle();
}

/** Connects with the control plane's activation code from the billing page. */
async function connect(page: Page): Promise<void> {
  await page.getByLabel('Activation code').fill(started().controlPlane.activationCode);
  await page.getByRole('button', { name: 'Connect' }).click();
  await feedback(page, 'Connected to the vendor: this installation now has a license.');
}

/** "Refresh now" until the plan card says `status` (the control plane may still be processing). */
async function refreshUntilStatus(page: Page, status: string): Promise<void> {
  const refresh = page.getByRole('region', { name: 'Connection to the vendor' }).getByRole('button', { name: 'Refresh now' });
  await expect
    .poll(
      async () => {
        await refresh.click();
        await page.getByRole('status').filter({ hasText: 'License and usage synced.' }).waitFor();
        return fact(page, 'Plan', 'Status').textContent();
      },
      { timeout: 30_000, interval: 500, message: `the billing page never showed status ${status}` },
    )
    .toBe(status);
}

describe('billing', () => {
  it('connects, upgrades through Checkout, shows the past-due banner after a failed payment and removes it once paid', async () => {
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openSection(page, 'Billing');

    // Not connected: the community plan, the activation form.
    await expect(fact(page, 'Connection to the vendor', 'State').textContent()).resolves.toBe('Not connected');
    await expect(fact(page, 'Plan', 'Plan in force').textContent()).resolves.toBe('Community');
    await expect(page.getByRole('figure', { name: /API calls per day/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'billing-not-connected');
    await expectAccessible(page, 'billing page, not connected');
    await expectFitsPhone(page, 'billing page, not connected', 'billing-not-connected');

    // A malformed code is refused before anything is sent.
    const activations: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/billing/activate') activations.push(request.url());
    });
    const code = page.getByLabel('Activation code');
    await code.fill('abcd-efgh');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('alert').filter({ hasText: 'An activation code looks like ABCD-EFGH-JKLM-NPQR.' }).waitFor();
    await expect(code.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(activations).toEqual([]);
    await expectAccessible(page, 'billing page, invalid activation code');

    // Lower case is fine: the code is normalised as the API does.
    await code.fill(started().controlPlane.activationCode.toLowerCase());
    await page.getByRole('button', { name: 'Connect' }).click();
    await feedback(page, 'Connected to the vendor: this installation now has a license.');
    await expect(fact(page, 'Connection to the vendor', 'State').textContent()).resolves.toBe('Connected');
    await expect(fact(page, 'Plan', 'Plan in force').textContent()).resolves.toBe('Free');
    await expect(fact(page, 'Plan', 'License').textContent()).resolves.toMatch(/^Valid/);
    expect(activations).toHaveLength(1);

    // Upgrade: the browser goes to Stripe's (the fake's) Checkout page and comes back.
    const upgrade = page.getByRole('form', { name: 'Upgrade' });
    await upgrade.getByLabel('Plan').selectOption('pro');
    await upgrade.getByLabel('Seats').fill('0');
    await upgrade.getByRole('button', { name: 'Upgrade with Stripe Checkout' }).click();
    await upgrade.getByRole('alert').filter({ hasText: 'Enter a whole number of seats from 1 to 10,000.' }).waitFor();
    await upgrade.getByLabel('Seats').fill('3');
    await upgrade.getByRole('button', { name: 'Upgrade with Stripe Checkout' }).click();
    await page.waitForURL((url) => url.origin === new URL(started().controlPlane.stripeUrl).origin && url.pathname.startsWith('/checkout/'));
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL((url) => url.origin === harness.origin() && url.pathname === '/billing');
    await feedback(page, 'Payment confirmed: this installation is on the Pro plan.');
    await expect.poll(() => new URL(page.url()).search, { message: 'the checkout parameter stays in the address' }).toBe('');
    await expect(fact(page, 'Plan', 'Plan in force').textContent()).resolves.toBe('Pro');
    await expect(fact(page, 'Plan', 'Status').textContent()).resolves.toBe('Active');
    await expect(page.getByRole('button', { name: 'Manage billing' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'billing-pro');
    await expectAccessible(page, 'billing page on Pro');
    await expectFitsPhone(page, 'billing page on Pro', 'billing-pro');

    // A failed payment: past due, with grace, on the page and, after a reload, in the banner.
    await fakeControl(`/subscriptions/${await subscriptionOf(harness, OWNER.email)}/fail-payment`);
    await refreshUntilStatus(page, 'Payment overdue');
    await expect(
      page
        .getByRole('region', { name: 'Plan' })
        .getByText(/The last payment failed\. 1[34] days of grace left/)
        .isVisible(),
    ).resolves.toBe(true);
    // The banner follows at once (the page reloads /api/me quietly), and shows on every page.
    const banner = page
      .getByRole('status')
      .filter({ hasText: 'The last payment failed.' })
      .filter({ has: page.getByRole('link', { name: 'Update the payment method' }) });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/1[34] days of grace left \(until .+\); after that the free plan’s limits apply\./);
    await openSection(page, 'Profile');
    await banner.waitFor();
    await screenshot(page, 'billing-past-due-banner');
    await expectAccessible(page, 'profile page with the past-due banner');
    await expectFitsPhone(page, 'profile page with the past-due banner', 'billing-past-due-banner');
    await banner.getByRole('link', { name: 'Update the payment method' }).click();
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();

    // Paying restores the plan at once; the banner goes.
    await fakeControl(`/subscriptions/${await subscriptionOf(harness, OWNER.email)}/pay`);
    await refreshUntilStatus(page, 'Active');
    await expect.poll(() => banner.count(), { message: 'the past-due banner stays after the payment' }).toBe(0);
    await page.reload();
    await expect(fact(page, 'Plan', 'Plan in force').textContent()).resolves.toBe('Pro');
    await expect(page.getByText('The last payment failed.').count()).resolves.toBe(0);

    // The page showed what the API says.
    const view = billingViewSchema.parse((await callApi(await harness.runtime().tokenFor(OWNER.email), 'GET', '/api/billing')).json);
    expect(view).toMatchObject({ plan: 'pro', status: 'active', degraded: false, connection: { state: 'connected' }, license: { state: 'valid' } });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a member neither the section nor the page, and asks the API nothing', async () => {
    await expect(callApi(await harness.runtime().tokenFor(MEMBER.email), 'GET', '/api/billing')).resolves.toMatchObject({ status: 403 });
    const { context, page, pageErrors } = await harness.newPage();
    const billingCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/billing')) billingCalls.push(request.url());
    });
    await signIn(page, harness.origin(), MEMBER.email, MEMBER.name);
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await nav.getByRole('link', { name: 'Members' }).waitFor();
    await expect(nav.getByRole('link').allTextContents()).resolves.not.toContain('Billing');
    await page.goto(`${harness.origin()}/billing`);
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    await page.getByRole('heading', { name: 'Not available with your role' }).waitFor();
    expect(billingCalls).toEqual([]);
    await expectAccessible(page, 'billing page for a member');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

// A second installation on the same control plane (its own runtime and table): the trial needs no card.
describe('the Pro trial', () => {
  const trialHarness = startBrowserHarness({
    runtimeOptions: () => ({
      dynamoEndpoint: started().dynamo.endpoint,
      tableName: 'ownstack-e2e-trial',
      controlPlane: { url: started().controlPlane.url, publicKey: JSON.stringify(started().controlPlane.publicKeyJwk) },
    }),
  });

  it('starts without a card, shows the days left, adds a card in the portal and stays on Pro when the trial ends', async () => {
    const { context, page, pageErrors } = await trialHarness.newPage();
    await signIn(page, trialHarness.origin(), OWNER.email, OWNER.name);
    await openSection(page, 'Billing');
    await connect(page);

    await page.getByRole('button', { name: 'Start 14-day trial' }).click();
    await feedback(page, 'Your 14-day Pro trial has started.');
    await expect(fact(page, 'Plan', 'Plan in force').textContent()).resolves.toBe('Pro');
    await expect(fact(page, 'Plan', 'Status').textContent()).resolves.toBe('Trial');
    const progress = page.getByRole('progressbar', { name: /Pro trial: 1[34] days left/ });
    await expect(progress.getAttribute('max')).resolves.toBe('14');
    await expect(page.getByRole('button', { name: 'Start 14-day trial' }).count()).resolves.toBe(0);
    await screenshot(page, 'billing-trial');
    await expectAccessible(page, 'billing page during the trial');
    await expectFitsPhone(page, 'billing page during the trial', 'billing-trial');

    // Manage billing opens Stripe's (the fake's) portal; a card is added there, and the link leads back.
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL((url) => url.origin === new URL(started().controlPlane.stripeUrl).origin && url.pathname.startsWith('/portal/'));
    await page.getByRole('button', { name: 'Add card' }).click();
    await page.getByText('Visa ending 4242').waitFor();
    await page.getByRole('link', { name: 'Return to the application' }).click();
    await page.waitForURL(`${trialHarness.origin()}/billing`);
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();

    await fakeControl(`/subscriptions/${await subscriptionOf(trialHarness, OWNER.email)}/end-trial?card=1`);
    await refreshUntilStatus(page, 'Active');
    await expect(fact(page, 'Plan', 'Plan in force').textContent()).resolves.toBe('Pro');
    await expect(page.getByRole('progressbar', { name: /Pro trial/ }).count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
