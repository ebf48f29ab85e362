/**
 * Checks and steps shared by the browser tests: axe on the current screen (zero violations
 * of any impact), screenshots when E2E_SCREENSHOTS=<dir> is set, the phone-width check, and
 * signing in at the local provider.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The one password of the local provider's accounts. */
export const PASSWORD = 'ownstack-dev';
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS;
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  const violations = results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `axe violations on the ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** At 375 px wide nothing may scroll sideways; axe runs again at that width. */
export async function expectFitsPhone(page: Page, screen: string, name: string): Promise<void> {
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 740 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `${screen} scrolls sideways at 375 px` })
    .toBeLessThanOrEqual(375);
  await screenshot(page, `${name}-mobile`);
  await expectAccessible(page, `${screen} at 375 px`);
  if (desktop) await page.setViewportSize(desktop);
}

/** Fills the local provider's form and submits it; the caller waits for where that leads. */
export async function signInAtProvider(page: Page, email: string, options: { checkAccessibility?: boolean } = {}): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith('/oidc/'));
  await page.getByLabel('Email').waitFor();
  if (options.checkAccessibility) {
    await screenshot(page, 'provider-sign-in');
    await expectAccessible(page, 'provider sign-in page');
  }
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** From a fresh profile: the SPA's Sign in, the provider's form, back on /profile with the name shown. */
export async function signIn(page: Page, origin: string, email: string, name: string): Promise<void> {
  await page.goto(origin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInAtProvider(page, email);
  await page.waitForURL(`${origin}/profile`);
  await page.getByRole('region', { name: 'Account' }).getByText(name).waitFor();
}
