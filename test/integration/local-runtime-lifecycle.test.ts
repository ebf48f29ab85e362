/**
 * The runtime as `npm start` runs it: its own DynamoDB Local on disk, data and keys that
 * survive a restart, `fresh` that wipes them, the SPA served with its fallback, and no
 * java process left behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../functions/local/runtime.js';

let dataDir: string;
let webRoot: string;
const started: LocalRuntime[] = [];

async function start(fresh = false) {
  const runtime = await startLocalRuntime({ port: 0, dataDir, fresh, quiet: true, webRoot });
  started.push(runtime);
  return runtime;
}

function rawGet(origin: string, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    request({ host: hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

const me = (runtime: LocalRuntime, token: string) => fetch(`${runtime.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

/** Pid of the DynamoDB Local serving this data directory, if one runs. */
function javaPidFor(dir: string): number | undefined {
  const pidFile = join(dir, 'dynamodb.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ownstack-lifecycle-'));
  // Outside the data directory, which `fresh` deletes.
  webRoot = mkdtempSync(join(tmpdir(), 'ownstack-lifecycle-web-'));
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html lang="en"><title>app shell</title></html>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("app")');
});

afterAll(async () => {
  for (const runtime of started) await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(webRoot, { recursive: true, force: true });
});

describe('the local runtime across restarts', () => {
  it('keeps users, keys and tokens across a restart, and stops its java process', async () => {
    const first = await start(true);
    const token = await first.tokenFor('owner@example.com');
    expect((await me(first, token)).status).toBe(200);
    const java = javaPidFor(dataDir);
    expect(java).toBeDefined();
    expect(existsSync(join(dataDir, 'oidc-keys.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'))).toMatchObject({ url: first.url, issuer: first.issuer });
    await first.stop();
    expect(javaPidFor(dataDir)).toBeUndefined();
    expect(() => process.kill(java as number, 0)).toThrow();

    const second = await startLocalRuntime({ port: Number(new URL(first.url).port), dataDir, quiet: true, webRoot });
    started.push(second);
    // Same key and issuer: a token from before the restart still works, for the same user.
    const response = await me(second, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: 'owner@example.com', role: 'owner' } });
    const state = await fetch(`${second.url}/_local/state`).then((r) => r.json());
    expect(state).toMatchObject({ queue: { deadLetters: [] } });
    await second.stop();
  });

  it('starts empty with fresh: a new key refuses the old tokens, new ones work', async () => {
    const before = await start();
    const oldToken = await before.tokenFor('member@example.com');
    await before.stop();

    const after = await start(true);
    const response = await me(after, oldToken);
    expect(response.status).toBe(401);
    // The handlers were loaded again for the new DynamoDB Local: a new token works.
    expect((await me(after, await after.tokenFor('member@example.com'))).status).toBe(200);
    await after.stop();
  });
});

describe('the SPA origin', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await start();
  });

  it('serves files, falls back to index.html for client routes, and 404s missing files', async () => {
    const asset = await fetch(`${runtime.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const route = await fetch(`${runtime.url}/projects/42`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('app shell');

    expect((await fetch(`${runtime.url}/assets/missing.js`)).status).toBe(404);
    // An encoded ../ that fetch would not normalize away must not escape the build directory.
    expect(await rawGet(runtime.url, '/..%2f..%2f..%2fpackage.json')).toBe(404);
  });
});
