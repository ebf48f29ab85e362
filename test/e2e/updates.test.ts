/**
 * Pulled updates in the browser, against the real local runtime: the channel manifest is a
 * file the runtime's scheduled `check-updates` job reads on start (docs/upgrades.md). The
 * owner sees the "update available" banner and the Updates page with the running version,
 * the channel, the latest version and its release notes rendered safely (a `<script>` in the
 * notes stays text and never runs); axe runs at desktop width and at 375 px. A member sees
 * neither the banner nor the link, and /updates says politely that it is not for them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { apiCaller } from './support/app-steps.js';
import { startBrowserHarness } from './support/browser-harness.js';
import { expectAccessible, expectFitsPhone, screenshot, signIn } from './support/page-checks.js';

const OWNER = { email: 'owner@example.com', name: 'Olivia Owner' };
const MEMBER = { email: 'member@example.com', name: 'Max Member' };
const RUNNING = '1.2.0';
const LATEST = '1.3.0';
const RELEASE_NOTES = [
  `## ${LATEST}`,
  '',
  '- Faster exports',
  '- **Search** finds words in comments',
  '',
  '<script>window.__releaseNotesRan = true</script>',
  '',
  'Inline <img src="x" onerror="window.__releaseNotesRan = true"> too.',
].join('\n');

// The runtime takes its version and manifest location from the environment when it starts
// (in the harness's beforeAll); the manifest is in place before the first check runs.
const manifestDir = mkdtempSync(join(tmpdir(), 'ownstack-e2e-manifest-'));
const manifestFile = join(manifestDir, 'update-manifest.json');
writeFileSync(
  manifestFile,
  JSON.stringify({
    channel: 'stable',
    version: LATEST,
    templateUrl: `https://ownstack-releases-eu-west-1.s3.eu-west-1.amazonaws.com/ownstack/${LATEST}/ownstack.template.json`,
    releaseNotes: RELEASE_NOTES,
    minimumUpgradableVersion: '1.0.0',
    checksum: `sha256:${'a'.repeat(64)}`,
    publishedAt: '2026-11-20T12:00:00Z',
  }),
);
const savedEnv = { version: process.env.OWNSTACK_VERSION, manifest: process.env.OWNSTACK_UPDATE_MANIFEST_URL };
process.env.OWNSTACK_VERSION = RUNNING;
process.env.OWNSTACK_UPDATE_MANIFEST_URL = pathToFileURL(manifestFile).href;

const harness = startBrowserHarness();
const { callApi } = apiCaller(harness);

afterAll(() => {
  for (const [name, value] of [
    ['OWNSTACK_VERSION', savedEnv.version],
    ['OWNSTACK_UPDATE_MANIFEST_URL', savedEnv.manifest],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(manifestDir, { recursive: true, force: true });
});

/** The scheduled check runs once on start, through the job queue: wait until it recorded the manifest. */
async function checkedManifest(): Promise<void> {
  const token = await harness.runtime().tokenFor(OWNER.email);
  await expect
    .poll(async () => (await callApi(token, 'GET', '/api/updates')).json, {
      timeout: 30_000,
      interval: 250,
      message: 'the start-up update check never recorded the manifest',
    })
    .toMatchObject({ currentVersion: RUNNING, updateAvailable: true, latest: { version: LATEST }, lastCheck: { ok: true } });
}

describe('pulled updates', () => {
  it('shows the owner the banner and the Updates page with safely rendered notes', async () => {
    await checkedManifest();
    const { context, page, pageErrors } = await harness.newPage();
    await signIn(page, harness.origin(), OWNER.email, OWNER.name);

    const banner = page.getByRole('status').filter({ hasText: `Ownstack ${LATEST} is available.` });
    await banner.waitFor();
    await screenshot(page, 'update-banner-desktop');
    await expectAccessible(page, 'profile page with the update banner');
    await banner.getByRole('link', { name: 'See what is new' }).click();
    await page.waitForURL(`${harness.origin()}/updates`);
    await page.getByRole('heading', { level: 1, name: 'Updates' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Updates', exact: true }).isVisible()).resolves.toBe(true);

    const installation = page.getByRole('region', { name: 'This installation' });
    await installation.waitFor();
    const detail = (term: string) => installation.locator(`dt:text-is("${term}") + dd`).textContent();
    await expect(detail('Running version')).resolves.toBe(RUNNING);
    await expect(detail('Release channel')).resolves.toBe('stable');
    await expect(detail('Maintenance window')).resolves.toBe('Sun:02:00-04:00 UTC');
    await expect(detail('Last check')).resolves.not.toMatch(/failed|Not checked/);

    const latest = page.getByRole('region', { name: `Update available: ${LATEST}` });
    await latest.waitFor();
    await expect(latest.getByText(`Version ${LATEST}, published`).isVisible()).resolves.toBe(true);
    await expect(latest.getByText('upgrades directly from 1.0.0 or later').isVisible()).resolves.toBe(true);
    // The markdown is rendered: a heading, a list with emphasis.
    await expect(latest.getByRole('heading', { level: 3, name: 'Release notes' }).isVisible()).resolves.toBe(true);
    await expect(latest.getByRole('heading', { level: 4, name: LATEST, exact: true }).isVisible()).resolves.toBe(true);
    await expect(latest.getByRole('listitem').allTextContents()).resolves.toEqual(['Faster exports', 'Search finds words in comments']);
    await expect(latest.locator('strong', { hasText: 'Search' }).count()).resolves.toBe(1);
    // The raw HTML is shown as the text the author typed, never as markup, and never runs.
    await expect(latest.getByText('<script>window.__releaseNotesRan = true</script>').isVisible()).resolves.toBe(true);
    await expect(latest.locator('script, img, [onerror]').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __releaseNotesRan?: boolean }).__releaseNotesRan)).resolves.toBeUndefined();

    await screenshot(page, 'updates-desktop');
    await expectAccessible(page, 'updates page');
    await expectFitsPhone(page, 'updates page', 'updates');
    await expect(page.evaluate(() => (window as unknown as { __releaseNotesRan?: boolean }).__releaseNotesRan)).resolves.toBeUndefined();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a member neither the banner nor the link, and refuses /updates politely', async () => {
    await checkedManifest();
    await expect(callApi(await harness.runtime().tokenFor(MEMBER.email), 'GET', '/api/updates')).resolves.toMatchObject({ status: 403 });

    const { context, page, pageErrors } = await harness.newPage();
    const updateCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/updates')) updateCalls.push(request.url());
    });
    await signIn(page, harness.origin(), MEMBER.email, MEMBER.name);
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await nav.getByRole('link', { name: 'Members' }).waitFor();
    await expect(nav.getByRole('link').allTextContents()).resolves.not.toContain('Updates');
    await expect(page.getByText(`Ownstack ${LATEST} is available.`).count()).resolves.toBe(0);

    await page.goto(`${harness.origin()}/updates`);
    await page.getByRole('heading', { level: 1, name: 'Updates' }).waitFor();
    await page.getByRole('heading', { name: 'Not available with your role' }).waitFor();
    await expect(page.getByText('This page is for admins and owners.').isVisible()).resolves.toBe(true);
    await expect(page.getByText(`Ownstack ${LATEST} is available.`).count()).resolves.toBe(0);
    await expect(page.getByText(LATEST).count()).resolves.toBe(0);
    expect(updateCalls, 'the SPA asked for /api/updates as a member').toEqual([]);
    await screenshot(page, 'updates-member-desktop');
    await expectAccessible(page, 'updates page for a member');
    await expectFitsPhone(page, 'updates page for a member', 'updates-member');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
