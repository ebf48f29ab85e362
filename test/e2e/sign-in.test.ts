/**
 * The sign-in journey through the real local runtime (support/browser-harness.ts), driven
 * by Debian's Chromium. Axe checks every screen a person sees on the way; set
 * E2E_SCREENSHOTS=<dir> to keep screenshots of them.
 */
import { describe, expect, it } from 'vitest';
import { startBrowserHarness } from './support/browser-harness.js';
import { expectAccessible, screenshot, signInAtProvider } from './support/page-checks.js';

const harness = startBrowserHarness();
const origin = harness.origin;
const newPage = harness.newPage;

describe('signing in through the local provider', () => {
  it('signs the owner in, shows the profile and entitlements, passes axe on every screen, works at 375 px, and signs out', async () => {
    const base = origin();
    const { context, page, pageErrors } = await newPage();
    const meRequests: Record<string, string>[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/me') meRequests.push(request.headers());
    });

    await page.goto(base);
    const signIn = page.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor();
    await expect(page.getByRole('banner').getByText('Local', { exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'landing');
    await expectAccessible(page, 'landing page');

    await signIn.click();
    await signInAtProvider(page, 'owner@example.com', { checkAccessibility: true });

    await page.waitForURL(`${base}/profile`);
    const account = page.getByRole('region', { name: 'Account' });
    await account.getByText('Olivia Owner').waitFor();
    await expect(account.getByText('owner@example.com').isVisible()).resolves.toBe(true);
    await expect(account.locator('.badge-role').textContent()).resolves.toBe('owner');
    const plan = page.getByRole('region', { name: 'Plan and limits' });
    await expect(plan.locator('.plan-name').textContent()).resolves.toBe('community');
    await expect(plan.getByText('Community defaults').isVisible()).resolves.toBe(true);
    await expect(plan.getByText('1 GiB').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('banner').getByText('Olivia Owner').isVisible()).resolves.toBe(true);
    await expect(page.title()).resolves.toBe('Profile · Ownstack');

    expect(meRequests.length).toBeGreaterThan(0);
    expect(meRequests[0]?.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(meRequests[0]?.['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);

    await screenshot(page, 'profile-desktop');
    await expectAccessible(page, 'profile page');

    // Phone width: the navigation and the sign-out button stay on screen, nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 740 });
    const nav = page.getByRole('navigation', { name: 'Primary' });
    const profileLink = nav.getByRole('link', { name: 'Profile' });
    await expect(profileLink.getAttribute('aria-current')).resolves.toBe('page');
    const box = await profileLink.boundingBox();
    expect(box, 'the Profile link has a box').not.toBeNull();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
    expect(box?.height).toBeGreaterThanOrEqual(24);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await profileLink.click();
    await page.waitForURL(`${base}/profile`);
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await screenshot(page, 'profile-mobile');
    await expectAccessible(page, 'profile page at 375 px');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The local provider asks for confirmation (as oidc-provider does), then returns to the SPA.
    const confirm = page.getByRole('button', { name: 'Yes, sign me out' });
    await confirm.waitFor();
    await screenshot(page, 'provider-sign-out');
    await expectAccessible(page, 'provider sign-out page');
    await confirm.click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('heading', { name: 'Welcome to Ownstack' }).waitFor();
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:')))).resolves.toEqual([]);

    // Signed out means signed out: the profile is no longer reachable.
    await page.goto(`${base}/profile`);
    await page.getByRole('heading', { name: 'Welcome to Ownstack' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('returns a member to the page they asked for and shows the member role', async () => {
    const base = origin();
    const { context, page, pageErrors } = await newPage();

    await page.goto(`${base}/profile`);
    await page.getByText('Sign in to continue to the page you asked for.').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signInAtProvider(page, 'member@example.com');

    await page.waitForURL(`${base}/profile`);
    const account = page.getByRole('region', { name: 'Account' });
    await account.getByText('Max Member').waitFor();
    await expect(account.getByText('member@example.com').isVisible()).resolves.toBe(true);
    await expect(account.locator('.badge-role').textContent()).resolves.toBe('member');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('answers a rejected access token by signing in again and coming back to the same page', async () => {
    const base = origin();
    const { context, page, pageErrors } = await newPage();
    await page.goto(base);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signInAtProvider(page, 'owner@example.com');
    await page.getByRole('region', { name: 'Account' }).getByText('Olivia Owner').waitFor();

    // Spoil the stored token (as a rotated key or a revoked session would) and age the sign-in
    // past the loop guard; the provider session is still alive, so no form is shown again.
    await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
      if (!key) throw new Error('No stored user');
      const user = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { access_token: string };
      sessionStorage.setItem(key, JSON.stringify({ ...user, access_token: 'not-a-valid-token' }));
      sessionStorage.setItem('ownstack.auth.signedInAt', '0');
    });
    const statuses: number[] = [];
    const visited: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/me') statuses.push(response.status());
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await page.reload();
    await page.getByRole('region', { name: 'Account' }).getByText('Olivia Owner').waitFor();
    expect(statuses).toEqual([401, 200]);
    expect(visited).toContain('/auth/callback');
    expect(new URL(page.url()).pathname).toBe('/profile');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
