/**
 * The installation's sync with a control plane (a real HTTP server checking every
 * signature) on DynamoDB Local: heartbeat, hourly usage and the license pull; the control
 * plane down for a day and back (the failure recorded, the last good license kept, every
 * missed hour reported once when it returns); Telemetry off (the license pull only); a
 * tampered license refused; the hourly job never failing for an outage.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvent, type DomainEvent } from '../../functions/events/domain.js';
import { OUTBOX_ENTITY } from '../../functions/events/outbox.js';
import type { User } from '../../functions/identity/domain.js';
import { apiCallCounter, hourOf } from '../../functions/licensing/api-calls.js';
import { CONTROL_PLANE_PATHS } from '../../functions/licensing/control-plane-api.js';
import { controlPlaneClient } from '../../functions/licensing/control-plane-client.js';
import { syncNow } from '../../functions/licensing/sync.js';
import { syncLicenseJob } from '../../functions/licensing/sync-job.js';
import { nextHour } from '../../functions/licensing/usage-reports.js';
import { licenseVerifier } from '../../functions/licensing/verify.js';
import type { Config } from '../../functions/platform/config.js';
import { createServices, type Services } from '../../functions/services.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { type FakeControlPlane, type LicenseKeys, licenseKeys, startFakeControlPlane } from '../unit/licensing/sync/fake-control-plane.js';

const HOUR = 3_600_000;
let table: TestTable;
let keys: LicenseKeys;
let plane: FakeControlPlane;
let clock: { now: () => Date; set(iso: string | number): void };
let services: Services;
const connectedAt = new Date('2026-11-24T07:05:00Z');

function servicesWith(config: Partial<Config>): Services {
  return createServices(
    { ...table.config, OWNSTACK_VERSION: '1.4.2', UPDATE_CHANNEL: 'beta', VENDOR_PUBLIC_KEY: keys.publicJwk, TELEMETRY: 'on', ...config },
    { db: table.db, clock, controlPlane: controlPlaneClient(plane.url, { now: () => clock.now().getTime(), timeoutMs: 1_000 }) },
  );
}

async function countCalls(n: number, iso: string) {
  const counter = apiCallCounter(table.db, table.tableName);
  for (let i = 0; i < n; i += 1) counter.count(new Date(iso));
  await counter.flush(new Date(iso));
}

const outboxTypes = async () => (await table.items()).filter((i) => i.entity === OUTBOX_ENTITY).map((i) => (i as { event: DomainEvent }).event.type);

beforeAll(async () => {
  table = await createTestTable('license-sync');
  keys = await licenseKeys();
  let now = connectedAt.getTime();
  clock = {
    now: () => new Date(now),
    set: (t) => {
      now = typeof t === 'number' ? t : Date.parse(t);
    },
  };
  plane = await startFakeControlPlane(keys, { now: clock.now });
  services = servicesWith({});
  // An active admin (a seat) and a connected installation with its first (free) license.
  const admin: User = {
    userId: randomUUID(),
    email: 'admin@example.com',
    displayName: 'Admin',
    role: 'admin',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    groupIds: [],
  };
  await services.users.createWithEvent(
    admin,
    domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id: 'x' }, data: {} }, services),
  );
  const verified = await licenseVerifier(keys.publicJwk)(plane.license, { now: connectedAt, installationId: plane.installationId });
  if (!verified.ok) throw new Error(`fixture license: ${verified.reason}`);
  await services.licenses.connect(
    { installationId: plane.installationId, signingKey: plane.signingKey, controlPlaneUrl: plane.url, connectedAt: connectedAt.toISOString() },
    { token: plane.license, claims: verified.claims, receivedAt: connectedAt.toISOString(), source: 'activation' },
    [],
  );
});

afterAll(async () => {
  await plane.close();
  await table.drop();
});

describe('a sync with the control plane up', () => {
  it('sends the heartbeat and the settled hours’ usage, pulls the license and stores it', async () => {
    await countCalls(5, '2026-11-24T07:30:00Z');
    await countCalls(3, '2026-11-24T08:10:00Z');
    await countCalls(4, '2026-11-24T09:05:00Z');
    clock.set('2026-11-24T09:20:00Z');
    plane.license = await keys.sign(
      { sub: plane.installationId, plan: 'pro', status: 'trialing', seats: 10, trialEndsAt: '2026-12-08T09:20:00.000Z' },
      clock.now(),
    );

    const outcome = await syncNow(services);

    expect(outcome).toMatchObject({
      ok: true,
      licenseChanged: true,
      at: '2026-11-24T09:20:00.000Z',
      usage: { hours: 2, accepted: 6, duplicates: 0, rejected: 0 },
    });
    expect(plane.refused).toEqual([]);
    expect(plane.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${CONTROL_PLANE_PATHS.heartbeat}`,
      `POST ${CONTROL_PLANE_PATHS.usage}`,
      `GET ${CONTROL_PLANE_PATHS.license}`,
    ]);
    expect(plane.heartbeats).toEqual([{ version: '1.4.2', channel: 'beta', seats: 1 }]);
    // 09 is not settled yet (it is still 09:20): only 07 and 08, levels with the latest.
    expect(Object.fromEntries([...plane.usage].map(([k, v]) => [k, v.value]))).toEqual({
      'apiCalls|2026-11-24T07': 5,
      'apiCalls|2026-11-24T08': 3,
      'seats|2026-11-24T08': 1,
      'storageBytes|2026-11-24T08': 0,
      'documents|2026-11-24T08': 0,
      'projects|2026-11-24T08': 0,
    });
    expect((await services.licenses.current())?.claims).toMatchObject({ plan: 'pro', status: 'trialing' });
    expect((await services.entitlements()).plan).toBe('pro');
    expect((await services.licenses.state()).sync).toEqual({ lastSyncAt: outcome.at, lastAttemptAt: outcome.at });
  });
});

describe('the control plane down for a day, then back', () => {
  it('records each failure without throwing, keeps the license in force, then catches up every hour exactly once', async () => {
    const before = await services.licenses.current();
    const lastGood = (await services.licenses.state()).sync.lastSyncAt;
    const job = syncLicenseJob(services);
    plane.down = true;
    const start = Date.parse('2026-11-24T10:20:00Z');
    const counted = new Map<string, number>([['2026-11-24T09', 4]]);
    for (let h = 0; h < 24; h += 1) {
      const t = start + h * HOUR;
      await countCalls(h + 1, new Date(t - 10 * 60_000).toISOString());
      counted.set(hourOf(new Date(t - 10 * 60_000)), h + 1);
      clock.set(t);
      await expect(job({ kind: 'job', jobId: 'scheduled-sync-license', type: 'sync-license', payload: {} })).resolves.toBeUndefined();
    }
    const state = (await services.licenses.state()).sync;
    expect(state.lastSyncAt).toBe(lastGood);
    expect(state.lastAttemptAt).toBe(clock.now().toISOString());
    expect(state.lastError).toMatch(/^heartbeat: The control plane answered POST \/v1\/heartbeat with 503/);
    // Unavailable at the heartbeat: the usage and the license were not even tried (each would wait for its own timeout).
    expect(plane.received).toHaveLength(3);
    expect((await services.licenses.current())?.claims.jti).toBe(before?.claims.jti);
    expect((await services.entitlements()).plan).toBe('pro');

    plane.down = false;
    plane.license = await keys.sign({ sub: plane.installationId, plan: 'pro', status: 'active', seats: 10 }, clock.now());
    const back = await syncNow(services);
    expect(back).toMatchObject({ ok: true, licenseChanged: true });
    expect(back.error).toBeUndefined();
    expect((await services.licenses.state()).sync).toEqual({ lastSyncAt: back.at, lastAttemptAt: back.at });
    expect((await services.licenses.current())?.claims.status).toBe('active');

    // Every hour from the connection to the last settled one was reported, once, with its count.
    const calls = [...plane.usage].filter(([k]) => k.startsWith('apiCalls|'));
    expect(calls.every(([, v]) => v.times === 1)).toBe(true);
    for (const [hour, n] of counted) {
      if (hour <= '2026-11-25T08') expect(plane.usage.get(`apiCalls|${hour}`)?.value, hour).toBe(n);
    }
    const reportedHours = calls.map(([k]) => k.split('|')[1] as string).sort();
    const expected: string[] = [];
    for (let h = '2026-11-24T07'; h <= (reportedHours.at(-1) as string); h = nextHour(h)) expected.push(h);
    expect(reportedHours).toEqual(expected);
    expect(reportedHours.at(-1)).toBe('2026-11-25T08');

    // The next sync in the same hour has nothing new to report; the cursor does not repeat an hour.
    const again = await syncNow(services);
    expect(again.usage).toMatchObject({ hours: 0, reports: 0 });
    expect([...plane.usage.values()].every((v) => v.times === 1)).toBe(true);
  });
});

describe('refusals', () => {
  it('a tampered license from the control plane is refused and audited; the one in force stays', async () => {
    const before = await services.licenses.current();
    const genuine = await keys.sign({ sub: plane.installationId, plan: 'enterprise', seats: 500 }, clock.now());
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    plane.license = [header, Buffer.from(JSON.stringify({ ...claims, seats: 5000 })).toString('base64url'), signature].join('.');

    const outcome = await syncNow(services);

    expect(outcome.ok).toBe(false);
    expect(outcome.licenseChanged).toBe(false);
    expect(outcome.error).toMatch(/license: the control plane's license was refused \(bad-signature\)/);
    expect((await services.licenses.current())?.claims.jti).toBe(before?.claims.jti);
    expect((await services.licenses.state()).lastRejection).toMatchObject({ reason: 'bad-signature', source: 'sync' });
    expect(await outboxTypes()).toContain('license.rejected');
  });

  it('a refused request does not keep the license from being pulled', async () => {
    clock.set(clock.now().getTime() + 2 * HOUR);
    plane.license = await keys.sign({ sub: plane.installationId, plan: 'pro', status: 'active', seats: 12 }, clock.now());
    plane.respond = (req, res) => {
      if (req.path !== CONTROL_PLANE_PATHS.usage) return false;
      res.writeHead(400, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Invalid', detail: 'hour too old' }));
      return true;
    };
    const received = plane.received.length;
    const outcome = await syncNow(services);
    plane.respond = undefined;
    expect(outcome).toMatchObject({ ok: false, licenseChanged: true });
    expect(outcome.error).toMatch(/^usage: .*\(400\): hour too old/);
    expect(plane.received.slice(received).map((r) => r.path)).toEqual([CONTROL_PLANE_PATHS.heartbeat, CONTROL_PLANE_PATHS.usage, CONTROL_PLANE_PATHS.license]);
    expect((await services.licenses.current())?.claims.seats).toBe(12);
    // The refused hours were not acknowledged: the next sync sends them again.
    const retry = await syncNow(services);
    expect(retry.ok).toBe(true);
    expect(retry.usage?.hours).toBe(2);
  });
});

describe('Telemetry off', () => {
  it('pulls the license and sends nothing else: no heartbeat, no usage', async () => {
    const quiet = servicesWith({ TELEMETRY: 'off' });
    clock.set(clock.now().getTime() + 5 * HOUR);
    await countCalls(9, new Date(clock.now().getTime() - 2 * HOUR).toISOString());
    const received = plane.received.length;
    const usageBefore = plane.usage.size;
    const heartbeatsBefore = plane.heartbeats.length;

    const outcome = await syncNow(quiet);

    expect(outcome.ok).toBe(true);
    expect(outcome.usage).toBeUndefined();
    expect(plane.received.slice(received).map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([`GET ${CONTROL_PLANE_PATHS.license} `]);
    expect(plane.usage.size).toBe(usageBefore);
    expect(plane.heartbeats).toHaveLength(heartbeatsBefore);
  });
});

describe('not connected', () => {
  it('sends nothing without a control plane, or before activation, and the job does not fail', async () => {
    const received = plane.received.length;
    const unconfigured = createServices({ ...table.config, VENDOR_PUBLIC_KEY: keys.publicJwk }, { db: table.db, clock });
    expect(unconfigured.controlPlane).toBeUndefined();
    expect(await syncNow(unconfigured)).toMatchObject({ ok: false, licenseChanged: false, error: expect.stringMatching(/No control plane is configured/) });
    await expect(syncLicenseJob(unconfigured)({ kind: 'job', jobId: 'j', type: 'sync-license', payload: {} })).resolves.toBeUndefined();

    const other = await createTestTable('license-sync-unconnected');
    try {
      const fresh = createServices(
        { ...other.config, VENDOR_PUBLIC_KEY: keys.publicJwk },
        { db: other.db, clock, controlPlane: controlPlaneClient(plane.url, { now: () => clock.now().getTime() }) },
      );
      expect(await syncNow(fresh)).toMatchObject({ ok: false, error: expect.stringMatching(/not connected/) });
    } finally {
      await other.drop();
    }
    expect(plane.received).toHaveLength(received);
  });
});
