/**
 * What every browser test needs: the real local runtime (DynamoDB Local, the local OpenID
 * provider, the API and the built SPA on one origin, on a free port, in a fresh temporary
 * data directory) and Debian's Chromium, started once per test file and stopped after it.
 * Needs `npm run build:web` first (the `test:e2e` script does it).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type LocalRuntimeOptions, startLocalRuntime } from '../../../functions/local/runtime.js';
import { SCREENSHOTS } from './page-checks.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WEB_ROOT = fileURLToPath(new URL('../../../frontend/dist', import.meta.url));

export type Runtime = Awaited<ReturnType<typeof startLocalRuntime>>;

export interface BrowserHarness {
  runtime(): Runtime;
  /** The runtime's origin without a trailing slash. */
  origin(): string;
  /** A fresh browser profile: its own cookies (provider session) and sessionStorage (tokens). */
  newPage(): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }>;
}

export interface BrowserHarnessOptions {
  /**
   * More runtime options, read when the runtime starts (in beforeAll), so a test can start
   * what the runtime talks to (the local control plane) in an earlier beforeAll. @default none
   */
  runtimeOptions?: () => Partial<LocalRuntimeOptions>;
}

/** Registers beforeAll/afterAll in the calling test file and hands out what they started. */
export function startBrowserHarness(options: BrowserHarnessOptions = {}): BrowserHarness {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`No SPA build in ${WEB_ROOT}; run "npm run build:web" first (npm run test:e2e does).`);
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install Debian's chromium package.`);
    if (SCREENSHOTS) await mkdir(SCREENSHOTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'ownstack-e2e-'));
    runtime = await startLocalRuntime({ ...options.runtimeOptions?.(), port: 0, dataDir, fresh: true, webRoot: WEB_ROOT, quiet: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const started = () => {
    if (!runtime || !browser) throw new Error('beforeAll did not start the runtime and the browser.');
    return { runtime, browser };
  };

  return {
    runtime: () => started().runtime,
    origin: () => started().runtime.url.replace(/\/+$/, ''),
    async newPage() {
      // bypassCSP: the provider's pages forbid scripts, and axe is injected as one.
      const context = await started().browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return { context, page, pageErrors };
    },
  };
}
