/**
 * The installation's license end to end, on DynamoDB Local with the real router, the real
 * control plane client and sync, against a loopback stand-in of the control plane that
 * signs licenses with a key generated here: activation, tampered, foreign and wrongly
 * signed licenses (refused, never stored, audited), a control plane down for a day and
 * then back, the offline grace running out, past_due degrading after grace and recovering
 * at once after payment, seats, the audit export gate and the Stripe redirects.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTITLEMENTS_TTL_MS } from '../../functions/entitlements/in-force.js';
import { type DomainEvent, domainEvent } from '../../functions/events/domain.js';
import { OUTBOX_ENTITY } from '../../functions/events/outbox.js';
import type { User } from '../../functions/identity/domain.js';
import type { IdentityProviderAdmin } from '../../functions/identity/idp.js';
import { OFFLINE_GRACE_SECONDS } from '../../functions/licensing/claims.js';
import { licenseKeys as licenseKeyItems } from '../../functions/licensing/store.js';
import type { Role } from '../../functions/platform/principal.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { PLANS } from '../../functions/vendor/plans.js';
import { claimsFor, type LicenseKeys, licenseKeys } from '../support/licenses.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { ACTIVATION_CODE, type StandInControlPlane, startStandInControlPlane } from './licensing-control-plane.js';

const DAY = 86_400_000;
const WEB_ORIGIN = 'https://ownstack.example.com';
const idp: IdentityProviderAdmin = {
  invite: async () => {},
  resendInvitation: async () => {},
  cancelInvitation: async () => {},
  disable: async () => {},
  enable: async () => {},
};

let table: TestTable;
let vendor: LicenseKeys;
let plane: StandInControlPlane;
let services: Services;
let router: ReturnType<typeof createRouter>;
let admin: User;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const advance = (ms: number) => {
  offsetMs += ms;
};

function servicesFor(config: Services['config']) {
  return createServices(config, { db: table.db, idp, clock: { now } });
}

async function person(role: Role, s = services): Promise<User> {
  const id = randomUUID();
  const user: User = {
    userId: id,
    email: `${id.slice(0, 8)}@example.com`,
    displayName: role,
    role,
    status: 'active',
    createdAt: now().toISOString(),
    groupIds: [],
  };
  await s.users.createWithEvent(user, fixtureEvent(s, id));
  return user;
}
const fixtureEvent = (s: Services, id: string) =>
  domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id }, data: {} }, s);

async function call(
  method: string,
  path: string,
  init: { body?: unknown; as?: User; headers?: Record<string, string>; on?: ReturnType<typeof createRouter> } = {},
) {
  const as = init.as ?? admin;
  const result = await (init.on ?? router).handle(
    anApiEvent(`${method} ${path}`, {
      headers: { 'content-type': 'application/json', ...init.headers },
      claims: { sub: as.userId, email: as.email },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
  );
  const json = /json/.test(result.headers?.['content-type'] ?? '');
  return { status: result.statusCode, body: result.body && json ? JSON.parse(result.body) : result.body };
}

const events = async (type: string) =>
  (await table.items())
    .filter((i) => i.entity === OUTBOX_ENTITY && (i.event as DomainEvent).type === type)
    .map((i) => i.event as DomainEvent)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));

const storedLicense = async () => (await table.items()).find((i) => i.pk === licenseKeyItems.current().pk && i.sk === licenseKeyItems.current().sk);

const storedExpiryMs = async () => {
  const claims = (await storedLicense())?.claims as { exp: number } | undefined;
  if (!claims) throw new Error('no license is stored');
  return claims.exp * 1000;
};

/** What the stand-in answers from now on: a license issued at the services' time. */
const answers = (claims: Parameters<typeof claimsFor>[0]) => {
  plane.license = () => vendor.sign(claimsFor(claims, now()));
};

beforeAll(async () => {
  table = await createTestTable('licensing');
  vendor = await licenseKeys();
  plane = await startStandInControlPlane(vendor, now);
  services = servicesFor({ ...table.config, VENDOR_PUBLIC_KEY: vendor.publicKeyJson, CONTROL_PLANE_URL: plane.url, WEB_ORIGIN, TELEMETRY: 'off' });
  router = createRouter(routes, { services, logger: silentLogger() });
  admin = await person('admin');
});

afterAll(async () => {
  await plane.stop();
  await table.drop();
});

beforeEach(() => {
  plane.down = false;
});

describe('before activation', () => {
  it('runs on the community plan and offers to activate', async () => {
    const { status, body } = await call('GET', '/api/billing');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      connection: { state: 'not-connected', telemetry: 'off' },
      license: { state: 'none' },
      plan: 'community',
      status: 'active',
      degraded: false,
      seats: { used: 1, limit: 5 },
      actions: { activate: true, startTrial: false, checkout: false, portal: false, refresh: false },
    });
    expect((await call('GET', '/api/me')).body.entitlements).toMatchObject({ plan: 'community', source: 'community-default', degraded: false });
  });

  it('refuses the audit export on the community plan, naming the plans that include it', async () => {
    const { status, body } = await call('GET', '/api/audit/export');
    expect(status).toBe(403);
    expect(body).toMatchObject({ reason: 'feature-not-in-plan', feature: 'audit-export', plans: ['pro', 'enterprise'], plan: 'community' });
    expect(body.detail).toMatch(/Pro or Enterprise/);
  });

  it('refuses refresh, trial, checkout and portal while not connected (409 not-connected)', async () => {
    for (const [path, body] of [
      ['/api/billing/refresh', {}],
      ['/api/billing/trial', { plan: 'pro' }],
      ['/api/billing/checkout', { plan: 'pro' }],
      ['/api/billing/portal', {}],
    ] as const) {
      const answer = await call('POST', path, { body });
      expect(answer.status, path).toBe(409);
      expect(answer.body.reason).toBe('not-connected');
    }
  });

  it('refuses a wrong activation code with 400 and stores nothing', async () => {
    const { status, body } = await call('POST', '/api/billing/activate', { body: { activationCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' } });
    expect(status).toBe(400);
    expect(body.detail).toMatch(/not accepted/);
    expect(await storedLicense()).toBeUndefined();
  });

  it('answers 503 when the control plane is down during activation', async () => {
    plane.down = true;
    const { status, body } = await call('POST', '/api/billing/activate', { body: { activationCode: ACTIVATION_CODE } });
    expect(status).toBe(503);
    expect(body.reason).toBe('control-plane-unreachable');
  });
});

describe('activation and the license lifecycle', () => {
  it('activates with the code: connected, the free license stored with its events, the secret never stored', async () => {
    const { status, body } = await call('POST', '/api/billing/activate', { body: { activationCode: ACTIVATION_CODE.toLowerCase() } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ connection: { state: 'connected', installationId: 'inst_0123456789abcdefghij' }, license: { state: 'valid' }, plan: 'free' });
    expect(body.actions).toMatchObject({ activate: false, startTrial: true, checkout: true, portal: false, refresh: true });
    expect((await events('license.connected')).map((e) => e.data)).toEqual([{ installationId: 'inst_0123456789abcdefghij' }]);
    expect((await events('license.applied')).at(-1)?.data).toMatchObject({ plan: 'free', status: 'active', source: 'activation' });
    const items = await table.items();
    expect(JSON.stringify(items)).not.toMatch(/oss_/);
    expect(items.find((i) => i.sk === 'CONNECTION')).toMatchObject({ entity: 'ControlPlaneConnection', schemaVersion: 1 });
    expect(await storedLicense()).toMatchObject({ entity: 'License', schemaVersion: 1, source: 'activation' });
    // A second activation is refused: the installation is connected.
    expect((await call('POST', '/api/billing/activate', { body: { activationCode: ACTIVATION_CODE } })).status).toBe(409);
  });

  it('starts the 14-day trial: trialing pro with the days left', async () => {
    const { status, body } = await call('POST', '/api/billing/trial', { body: { plan: 'pro' } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ plan: 'pro', status: 'trialing', trialDaysLeft: 14, degraded: false });
    expect(body.features).toContain('audit-export');
    expect((await call('GET', '/api/audit/export')).status).toBe(200);
  });

  it('applies an upgrade at once on refresh (after Checkout), audited as license.applied', async () => {
    answers({ status: 'active' });
    const { body } = await call('POST', '/api/billing/refresh', { body: {} });
    expect(body).toMatchObject({ plan: 'pro', status: 'active', connection: { state: 'connected' }, license: { state: 'valid' } });
    expect((await events('license.applied')).at(-1)?.data).toMatchObject({ plan: 'pro', status: 'active', previousStatus: 'trialing' });
  });

  it('stores a renewal that changes nothing without a new license.applied event', async () => {
    const before = (await events('license.applied')).length;
    const jti = (await storedLicense())?.claims;
    await call('POST', '/api/billing/refresh', { body: {} });
    expect((await storedLicense())?.claims).not.toEqual(jti);
    expect(await events('license.applied')).toHaveLength(before);
  });
});

describe('refused licenses: never stored, always audited', () => {
  const refusedWith = async (reason: string) => {
    const kept = await storedLicense();
    const { body } = await call('POST', '/api/billing/refresh', { body: {} });
    expect(body.connection.lastError).toMatch(/refused|rejected/);
    expect(body.plan).toBe('pro');
    expect((await storedLicense())?.token).toBe(kept?.token);
    expect((await events('license.rejected')).at(-1)?.data).toEqual({ reason, source: 'sync' });
  };

  it('refuses a tampered payload (enterprise seats spliced into a pro license)', async () => {
    plane.license = async () => {
      const token = await vendor.sign(claimsFor({}, now()));
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify(claimsFor({ ...PLANS.enterprise.grant }, now()))).toString('base64url');
      return `${header}.${forged}.${signature}`;
    };
    await refusedWith('bad-signature');
  });

  it('refuses a license signed with another key', async () => {
    const other = await licenseKeys();
    plane.license = () => other.sign(claimsFor({ ...PLANS.enterprise.grant }, now()));
    await refusedWith('bad-signature');
  });

  it('refuses a license for another installation', async () => {
    plane.license = () => vendor.sign(claimsFor({ sub: 'inst_someoneelse00000000000' }, now()));
    await refusedWith('wrong-installation');
  });
});

describe('a control plane down for a day, then for good', () => {
  it('keeps the last good license in force while down, through the offline grace, then falls back to community; recovers when back', async () => {
    answers({ status: 'active' });
    await call('POST', '/api/billing/refresh', { body: {} });
    const exp = await storedExpiryMs();

    plane.down = true;
    advance(DAY);
    let view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'pro', license: { state: 'valid' }, connection: { state: 'unreachable' } });
    expect(view.connection.lastError).toMatch(/control plane/i);

    // Back after a day: a fresh license, the error cleared.
    plane.down = false;
    view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'pro', license: { state: 'valid' }, connection: { state: 'connected' } });
    expect(view.connection.lastError).toBeUndefined();

    // Down for good: past expiry the license still counts during the offline grace...
    const renewedExp = await storedExpiryMs();
    expect(renewedExp).toBeGreaterThan(exp);
    plane.down = true;
    advance(renewedExp - now().getTime() + DAY);
    view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'pro', license: { state: 'offline-grace' }, connection: { state: 'unreachable' } });
    expect((await call('GET', '/api/me')).body.entitlements.plan).toBe('pro');

    // ...and not a second after it: community.
    advance(OFFLINE_GRACE_SECONDS * 1000);
    view = (await call('GET', '/api/billing')).body;
    expect(view).toMatchObject({ plan: 'community', license: { state: 'expired' } });
    expect((await call('GET', '/api/me')).body.entitlements).toMatchObject({ plan: 'community', source: 'community-default' });

    plane.down = false;
    view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'pro', license: { state: 'valid' }, connection: { state: 'connected' } });
  });
});

describe('dunning: past_due, degraded after grace, restored at once by payment', () => {
  it('keeps the paid plan during grace, applies the free limits after it without deleting anything, and restores pro on payment', async () => {
    answers({ status: 'active' });
    await call('POST', '/api/billing/refresh', { body: {} });
    for (let i = 0; i < 5; i++) expect((await call('POST', '/api/projects', { body: { name: `Dunning ${i} ${randomUUID().slice(0, 4)}` } })).status).toBe(201);

    const graceEndsAt = new Date(now().getTime() + 14 * DAY).toISOString();
    answers({ status: 'past_due', graceEndsAt });
    let view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'pro', status: 'past_due', graceEndsAt, graceDaysLeft: 14, degraded: false });
    expect((await call('GET', '/api/me')).body.entitlements).toMatchObject({ status: 'past_due', graceEndsAt, degraded: false });

    advance(15 * DAY);
    view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'free', paidPlan: 'pro', status: 'past_due', graceDaysLeft: 0, degraded: true });
    expect(view.usage.projects).toEqual({ used: 5, limit: 3 });
    const refused = await call('POST', '/api/projects', { body: { name: `Over ${randomUUID().slice(0, 4)}` } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ title: 'Quota exceeded', meter: 'projects', limit: 3 });
    expect((await call('GET', '/api/projects')).body.items.length).toBeGreaterThanOrEqual(5);
    expect((await call('GET', '/api/me')).body.entitlements).toMatchObject({ plan: 'free', degraded: true });

    answers({ status: 'active' });
    view = (await call('POST', '/api/billing/refresh', { body: {} })).body;
    expect(view).toMatchObject({ plan: 'pro', status: 'active', degraded: false });
    expect((await call('POST', '/api/projects', { body: { name: `Restored ${randomUUID().slice(0, 4)}` } })).status).toBe(201);
  });
});

describe('another process picks a refreshed license up within the TTL', () => {
  it('serves its cached entitlements until the TTL, then the new license', async () => {
    const other = servicesFor(services.config);
    const otherRouter = createRouter(routes, { services: other, logger: silentLogger() });
    expect((await call('GET', '/api/me', { on: otherRouter })).body.entitlements.plan).toBe('pro');
    answers({ status: 'canceled' });
    await call('POST', '/api/billing/refresh', { body: {} });
    expect((await call('GET', '/api/me')).body.entitlements.plan).toBe('free');
    expect((await call('GET', '/api/me', { on: otherRouter })).body.entitlements.plan).toBe('pro');
    advance(ENTITLEMENTS_TTL_MS);
    expect((await call('GET', '/api/me', { on: otherRouter })).body.entitlements).toMatchObject({ plan: 'free', degraded: true });
    answers({ status: 'active' });
    await call('POST', '/api/billing/refresh', { body: {} });
  });
});

describe('Stripe pages through the control plane', () => {
  it('opens Checkout with return URLs on the installation’s own origin, whatever Origin the request claims', async () => {
    answers({ ...PLANS.free.grant });
    await call('POST', '/api/billing/refresh', { body: {} });
    const { status, body } = await call('POST', '/api/billing/checkout', { body: { plan: 'pro', seats: 3 }, headers: { origin: 'https://evil.example.net' } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const sent = plane.received.filter((r) => r.path === '/v1/checkout-sessions').at(-1)?.body;
    expect(sent).toEqual({
      plan: 'pro',
      seats: 3,
      successUrl: `${WEB_ORIGIN}/billing?checkout=success`,
      cancelUrl: `${WEB_ORIGIN}/billing?checkout=canceled`,
    });
  });

  it('opens the portal returning to the billing page; a matching Origin is accepted', async () => {
    const { status, body } = await call('POST', '/api/billing/portal', { body: {}, headers: { origin: WEB_ORIGIN } });
    expect(status).toBe(200);
    expect(body.url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    expect(plane.received.filter((r) => r.path === '/v1/portal-sessions').at(-1)?.body).toEqual({ returnUrl: `${WEB_ORIGIN}/billing` });
  });

  it('refuses bodies with anything but the fields it takes', async () => {
    expect((await call('POST', '/api/billing/portal', { body: { returnUrl: 'https://evil.example.net' } })).status).toBe(400);
    expect((await call('POST', '/api/billing/checkout', { body: { plan: 'pro', successUrl: 'https://evil.example.net' } })).status).toBe(400);
  });
});

describe('seats', () => {
  it('refuses an invitation beyond the seats in force with 403 quota-exceeded (meter seats), counting open invitations', async () => {
    // On the free plan (5 seats); people made by the other tests already hold some.
    const view = (await call('GET', '/api/billing')).body;
    expect(view.seats.limit).toBe(5);
    const free = view.seats.limit - view.seats.used;
    for (let i = 0; i < free; i++) {
      const invited = await call('POST', '/api/invitations', { body: { email: `seat${i}-${randomUUID().slice(0, 6)}@example.com` } });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    }
    const refused = await call('POST', '/api/invitations', { body: { email: `one-too-many-${randomUUID().slice(0, 6)}@example.com` } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ title: 'Quota exceeded', meter: 'seats', limit: 5, used: 5 });
    expect((await call('GET', '/api/billing')).body.seats).toEqual({ used: 5, limit: 5 });
  });
});

describe('without a control plane configured', () => {
  it('answers activate with 409 not-connected and offers nothing but the community plan', async () => {
    const alone = servicesFor({ ...table.config, VENDOR_PUBLIC_KEY: vendor.publicKeyJson, CONTROL_PLANE_URL: undefined });
    const aloneRouter = createRouter(routes, { services: alone, logger: silentLogger() });
    const answer = await call('POST', '/api/billing/activate', { body: { activationCode: ACTIVATION_CODE }, on: aloneRouter });
    expect(answer.status).toBe(409);
    expect(answer.body.reason).toBe('not-connected');
    expect((await call('GET', '/api/billing', { on: aloneRouter })).body.actions).toEqual({
      activate: false,
      startTrial: false,
      checkout: false,
      portal: false,
      refresh: false,
    });
  });
});
