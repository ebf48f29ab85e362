/**
 * Feature flags in the browser, against the real local runtime: the owner creates a flag
 * (a refused save shows the API's reason beside the field), rolls it out with the slider,
 * previews it as a member (the value shown is the one the member's `/api/me` carries),
 * kills it behind a confirmation and reverts to the version before; axe runs on the list
 * and the flag page at desktop width and at 375 px.
 */
import { describe, expect, it } from 'vitest';
import { apiCaller, feedback, openSection } from './support/app-steps.js';
import { startBrowserHarness } from './support/browser-harness.js';
import { expectAccessible, expectFitsPhone, screenshot, signIn } from './support/page-checks.js';

const OWNER = { email: 'owner@example.com', name: 'Olivia Owner' };
const MEMBER = { email: 'member@example.com', name: 'Max Member' };
const KEY = 'release_new_editor';

const harness = startBrowserHarness();
const { callApi, memberByEmail } = apiCaller(harness);

type FlagDetail = { installation?: { definition: { version: number; killed: boolean; rules: { serve: { rollout?: { percentage: number } } }[] } } };

async function storedFlag() {
  const { json } = await callApi(await harness.runtime().tokenFor(OWNER.email), 'GET', `/api/flags/${KEY}`);
  return (json as FlagDetail).installation?.definition;
}

describe('feature flags', () => {
  it('creates a flag, rolls it out with the slider, previews it as a member, kills it and reverts', async () => {
    const member = await memberByEmail(MEMBER.email, OWNER.email);
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);
    await openSection(page, 'Flags', 'Feature flags');
    await page.getByText('No flags yet.').waitFor();

    // Create: the API's reason for a missing description shows beside the field.
    await page.getByRole('link', { name: 'New flag' }).click();
    await page.getByRole('heading', { level: 1, name: 'New flag' }).waitFor();
    await page.getByLabel('Key', { exact: true }).fill(KEY);
    await page.getByLabel('Owner').fill('team-docs');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Percentage').fill('1');
    await page.getByRole('button', { name: 'Create flag' }).click();
    const description = page.getByLabel('Description', { exact: true });
    await expect.poll(() => description.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'new flag form with a refused save');
    await description.fill('The new document editor');
    await page.getByRole('button', { name: 'Create flag' }).click();
    await page.waitForURL(`${harness.origin()}/flags/${KEY}`);
    await feedback(page, `Flag ${KEY} created.`);
    await expect(storedFlag()).resolves.toMatchObject({ version: 1, killed: false, rules: [{ serve: { rollout: { percentage: 1 } } }] });

    // Roll out with the slider, from the list.
    await page.getByRole('link', { name: '← All flags' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feature flags' }).waitFor();
    await page.getByText('Rolling out: 1%').waitFor();
    const slider = page.getByLabel(`Rollout of ${KEY}, rule rule-1 (everyone)`, { exact: true });
    await slider.fill('25');
    await page.getByRole('button', { name: 'Save 25%' }).click();
    await feedback(page, `${KEY}: rule rule-1 now rolls out to 25%.`);
    await page.getByText('Rolling out: 25%').waitFor();
    await expect(storedFlag()).resolves.toMatchObject({ version: 2, rules: [{ serve: { rollout: { percentage: 25 } } }] });
    await screenshot(page, 'flags-desktop');
    await expectAccessible(page, 'flags list');
    await expectFitsPhone(page, 'flags list', 'flags');

    // Preview as the member: the value shown is the one their /api/me carries.
    await page.getByLabel('Member', { exact: true }).selectOption(member.id);
    await page.getByRole('button', { name: 'Preview' }).click();
    const row = page.getByRole('row', { name: new RegExp(KEY) });
    await row.waitFor();
    const me = await callApi(await harness.runtime().tokenFor(MEMBER.email), 'GET', '/api/me');
    const value = (me.json as { flags: Record<string, unknown> }).flags[KEY];
    expect(typeof value).toBe('boolean');
    await expect(row.getByRole('cell').first().textContent()).resolves.toContain(String(value));
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toMatch(value ? /rule-1/ : /rule-1|default/);
    await expectAccessible(page, 'flags list with a preview');

    // Kill, behind a confirmation.
    await page.getByRole('button', { name: `Kill ${KEY}` }).click();
    const dialog = page.getByRole('dialog', { name: `Kill ${KEY}?` });
    await dialog.waitFor();
    await expectAccessible(page, 'kill confirmation');
    await dialog.getByRole('button', { name: 'Kill flag' }).click();
    await feedback(page, `${KEY} is killed`);
    await page.getByText('Killed', { exact: true }).waitFor();
    await expect(storedFlag()).resolves.toMatchObject({ version: 3, killed: true });
    const killedMe = await callApi(await harness.runtime().tokenFor(MEMBER.email), 'GET', '/api/me');
    expect((killedMe.json as { flags: Record<string, unknown> }).flags[KEY]).toBe(false);

    // Revert to version 2 (25%, alive) from the flag's history.
    await page.getByRole('link', { name: KEY, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Flag ${KEY}` }).waitFor();
    await page.getByRole('button', { name: 'Revert to version 2' }).click();
    const revert = page.getByRole('dialog', { name: 'Revert to version 2?' });
    await revert.getByRole('button', { name: 'Revert' }).click();
    await feedback(page, `${KEY} reverted to version 2 (now version 4).`);
    await expect(storedFlag()).resolves.toMatchObject({ version: 4, killed: false, rules: [{ serve: { rollout: { percentage: 25 } } }] });
    await page.getByText('Version 4: Reverted to version 2').waitFor();
    await screenshot(page, 'flag-desktop');
    await expectAccessible(page, 'flag page');
    await expectFitsPhone(page, 'flag page', 'flag');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps flags from members: no link, 403 from the API, values only in /api/me', async () => {
    const token = await harness.runtime().tokenFor(MEMBER.email);
    await expect(callApi(token, 'GET', '/api/flags')).resolves.toMatchObject({ status: 403 });
    const me = await callApi(token, 'GET', '/api/me');
    expect(JSON.stringify(me.json)).not.toMatch(/rollout|variants|rules/);
    const { context, page } = await harness.newPage();
    await signIn(page, harness.origin(), MEMBER.email, MEMBER.name);
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await nav.getByRole('link', { name: 'Members' }).waitFor();
    await expect(nav.getByRole('link').allTextContents()).resolves.not.toContain('Flags');
    await context.close();
  });
});
