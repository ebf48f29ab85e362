/**
 * The vendor console in the browser, against the real local control plane (its table in a
 * DynamoDB Local of its own, the Stripe fake, the same Lambda handlers the VendorStack
 * deploys, the console built into frontend/dist/vendor and its `/config.json` with a staff
 * token). Staff create an activation code (shown once), an installation registers with it
 * through the control plane's public API, and the fleet view shows it; its ring is changed
 * and the admin API agrees. A fleet flag is created with the flag editor, its rollout moved
 * with the slider, edited and killed. axe runs on every screen at desktop width
 * and at 375 px.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerResponseSchema } from '../../functions/licensing/control-plane-api.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { type LocalControlPlane, startLocalControlPlane } from '../../functions/vendor/local/control-plane.js';
import { fleetEntrySchema } from '../../functions/vendor/installations/schemas.js';
import { CHROMIUM, CHROMIUM_ARGS } from './support/browser-harness.js';
import { expectAccessible, expectFitsPhone, screenshot } from './support/page-checks.js';

const CONSOLE_ROOT = fileURLToPath(new URL('../../frontend/dist/vendor', import.meta.url));

let dynamo: DynamoDbLocal | undefined;
let controlPlane: LocalControlPlane | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!existsSync(join(CONSOLE_ROOT, 'index.html'))) throw new Error(`No vendor console build in ${CONSOLE_ROOT}; run "npm run build:web" first.`);
  dataDir = await mkdtemp(join(tmpdir(), 'ownstack-e2e-vendor-'));
  dynamo = await startDynamoDbLocal();
  controlPlane = await startLocalControlPlane({ port: 0, dataDir, dynamoEndpoint: dynamo.endpoint, quiet: true, consoleRoot: CONSOLE_ROOT });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await controlPlane?.stop();
  await dynamo?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function started() {
  if (!controlPlane || !browser) throw new Error('beforeAll did not start the control plane and the browser.');
  return { controlPlane, browser };
}

async function openConsole(): Promise<{ page: Page; pageErrors: string[]; close(): Promise<void> }> {
  const context = await started().browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(started().controlPlane.url);
  return { page, pageErrors, close: () => context.close() };
}

async function adminGet(path: string): Promise<unknown> {
  const { url, adminToken } = started().controlPlane;
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status, `GET ${path}`).toBe(200);
  return response.json();
}

describe('vendor console', () => {
  it('creates an activation code, shows the installation that registered with it in the fleet, and moves it to another ring', async () => {
    const { page, pageErrors, close } = await openConsole();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    await page.getByText('No installation has registered yet.').waitFor();
    await expect(page.title()).resolves.toBe('Fleet · Ownstack');

    const nav = page.getByRole('navigation', { name: 'Primary' });
    await nav.getByRole('link', { name: 'Activation codes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activation codes' }).waitFor();
    // Validation before any request: a label is required.
    await page.getByRole('button', { name: 'Create code' }).click();
    await page.getByText('Say who the code is for').waitFor();
    await expect(page.getByLabel('For', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('For', { exact: true }).fill('Acme GmbH, production');
    await page.getByRole('button', { name: 'Create code' }).click();
    const panel = page.getByRole('region', { name: 'Activation code for “Acme GmbH, production”' });
    await panel.waitFor();
    const code = await panel.getByLabel('Activation code').inputValue();
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    await screenshot(page, 'vendor-activation-code');
    await expectAccessible(page, 'vendor console, activation code shown');
    await expectFitsPhone(page, 'vendor console, activation code shown', 'vendor-activation-code');
    await panel.getByRole('button', { name: 'I have sent it — hide the code' }).click();
    await expect(page.getByText(code).count()).resolves.toBe(0);

    // An installation registers with the code, as an installation's activation does.
    const registered = await fetch(`${started().controlPlane.url}/v1/installations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ activationCode: code, name: 'Acme production', version: '1.4.2', channel: 'stable' }),
    });
    expect(registered.status).toBeLessThan(300);
    const { installationId } = registerResponseSchema.parse(await registered.json());

    await nav.getByRole('link', { name: 'Fleet', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Acme production/ }) });
    await row.waitFor();
    await expect(row.getByRole('rowheader').textContent()).resolves.toContain(installationId);
    await expect(row.getByRole('cell').nth(0).textContent()).resolves.toBe('1.4.2stable channel');
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toMatch(/^Free/);
    await expect(row.getByRole('cell').nth(3).textContent()).resolves.toMatch(/^(Never|just now)$/);
    const ring = row.getByLabel('Ring of Acme production');
    await expect(ring.inputValue()).resolves.toBe('2');
    await screenshot(page, 'vendor-fleet');
    await expectAccessible(page, 'vendor console, fleet');
    await expectFitsPhone(page, 'vendor console, fleet', 'vendor-fleet');

    await ring.selectOption('1');
    await row.getByRole('button', { name: 'Save ring of Acme production' }).click();
    await page.getByRole('status').filter({ hasText: 'Acme production is now in ring 1 (beta)' }).waitFor();
    await expect(row.getByRole('button', { name: 'Save ring of Acme production' }).count()).resolves.toBe(0);
    expect(fleetEntrySchema.parse(await adminGet(`/admin/installations/${installationId}`)).ring).toBe(1);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('creates a fleet flag with the flag editor, moves its rollout with the slider, edits it and kills it', async () => {
    const { page, pageErrors, close } = await openConsole();
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Fleet flags' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fleet flags' }).waitFor();
    await page.getByText('No fleet flags yet.').waitFor();

    const form = page.getByRole('region', { name: 'New fleet flag' });
    // A key without a kind prefix: the control plane refuses it, and the editor keeps what was typed.
    await form.getByLabel('Key', { exact: true }).fill('newthing');
    await form.getByLabel('Description', { exact: true }).fill('The new document editor');
    await form.getByLabel('Owner').fill('editor-team@vendor.example');
    await form.getByRole('button', { name: 'Create flag' }).click();
    await form.getByRole('alert').waitFor();
    await expect(form.getByLabel('Description', { exact: true }).inputValue()).resolves.toBe('The new document editor');
    await screenshot(page, 'vendor-flag-invalid');
    await expectAccessible(page, 'vendor console, new flag with an invalid key');

    await form.getByLabel('Key', { exact: true }).fill('release_new_editor');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = form.getByRole('group', { name: /Rule 1/ });
    await rule.getByLabel('Ring 0 (the vendor’s own)').check();
    await rule.getByLabel('Ring 1 (beta customers)').check();
    await rule.getByLabel('Percentage').fill('25');
    await rule.getByLabel('Sticky on').selectOption('installationId');
    await form.getByRole('button', { name: 'Create flag' }).click();
    await page.getByRole('status').filter({ hasText: 'release_new_editor created' }).waitFor();

    const card = page.getByRole('article', { name: 'release_new_editor' });
    await card.getByText('Rolling out: 25%').waitFor();
    await expect(card.getByText('rings 0, 1: 25% of installations get on').isVisible()).resolves.toBe(true);
    await expect(card.getByRole('progressbar').getAttribute('value')).resolves.toBe('25');

    await card.getByRole('slider', { name: 'Rollout of release_new_editor, rule rule-1' }).fill('50');
    await card.getByRole('button', { name: 'Save 50%' }).click();
    await page.getByRole('status').filter({ hasText: 'release_new_editor: rule rule-1 now reaches 50% of installations.' }).waitFor();
    await card.getByText('Rolling out: 50%').waitFor();
    await expect(card.getByRole('progressbar').getAttribute('value')).resolves.toBe('50');

    // The whole flag in the editor, saved with the version shown.
    await card.getByRole('button', { name: 'Edit release_new_editor' }).click();
    await card.getByLabel('Description', { exact: true }).first().fill('The new document editor, for beta customers');
    await card.getByRole('button', { name: 'Save flag' }).click();
    await page.getByRole('status').filter({ hasText: 'release_new_editor saved' }).waitFor();
    await card.getByText('The new document editor, for beta customers').waitFor();

    // The kill switch asks first.
    await card.getByRole('button', { name: 'Kill release_new_editor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kill release_new_editor?' });
    await dialog.waitFor();
    await expectAccessible(page, 'vendor console, kill dialog');
    await dialog.getByRole('button', { name: 'Kill flag' }).click();
    await page.getByRole('status').filter({ hasText: 'release_new_editor is killed' }).waitFor();
    await card.getByText('Killed', { exact: true }).waitFor();
    await screenshot(page, 'vendor-flags');
    await expectAccessible(page, 'vendor console, fleet flags');
    await expectFitsPhone(page, 'vendor console, fleet flags', 'vendor-flags');

    // The control plane holds what the console showed: version 4, killed, 50% of rings 0 and 1.
    const { items } = (await adminGet('/admin/flags')) as { items: { definition: unknown }[] };
    expect(items.map((f) => f.definition)).toMatchObject([
      {
        key: 'release_new_editor',
        version: 4,
        killed: true,
        description: 'The new document editor, for beta customers',
        rules: [{ id: 'rule-1', when: { rings: [0, 1] }, serve: { rollout: { percentage: 50, variant: 'on', stickiness: 'installationId' } } }],
      },
    ]);
    expect(pageErrors).toEqual([]);
    await close();
  });
});
