/**
 * Flags on the request path, with two "processes" (two service graphs on one DynamoDB
 * Local table, like two Lambda containers) and an injectable clock: `/api/me` carries the
 * signed-in user's values only; a user inside a 50% rollout gets it and one outside does
 * not; an admin's change is in force at once in the process that made it and in the
 * other one on the first request after the TTL (not before); a fleet flag change arrives
 * with the next license the sync stores.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, rolloutThreshold } from '../../functions/flags/bucket.js';
import { DEFAULT_FLAG_TTL_MS } from '../../functions/flags/definitions-cache.js';
import type { User } from '../../functions/identity/domain.js';
import { routeKeyOf } from '../../functions/platform/route.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { aFlagBody, aFlagKey, aLicenseWithFleetFlags, fleetFlagDefinition } from './flags-fixtures.js';

let table: TestTable;
let clockAt = Date.parse('2026-11-24T09:00:00.000Z');
const clock = { now: () => new Date(clockAt) };
type Process = { services: Services; router: ReturnType<typeof createRouter> };
let a: Process;
let b: Process;
let admin: User;

function processOn(t: TestTable): Process {
  const services = createServices(t.config, { db: t.db, clock });
  return { services, router: createRouter(routes, { services, logger: silentLogger() }) };
}

async function call(
  p: Process,
  as: User,
  operationId: string,
  request: { params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
) {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  const result = await p.router.handle(
    anApiEvent(routeKeyOf(route), {
      headers: { 'content-type': 'application/json', ...request.headers },
      pathParameters: request.params,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      claims: { sub: as.userId, email: as.email },
    }),
  );
  return { status: result.statusCode, text: result.body, body: result.body ? JSON.parse(result.body) : undefined };
}

async function aUser(role: User['role'], userId: string = randomUUID()): Promise<User> {
  const user: User = {
    userId,
    email: `${userId.slice(0, 8)}@example.com`,
    displayName: role,
    role,
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    groupIds: [],
  };
  await a.services.users.createWithEvent(user, {
    id: randomUUID(),
    type: 'test.fixture',
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { userId: 'system', via: 'system' },
    subject: { kind: 'test', id: 'x' },
    data: {},
  });
  return user;
}

/** A user id whose bucket for `key` is inside (or outside) a rollout of `percentage`. */
function idInRollout(key: string, percentage: number, inside: boolean): string {
  for (;;) {
    const id = randomUUID();
    if (bucketOf(key, id) < rolloutThreshold(percentage) === inside) return id;
  }
}

const myFlags = async (p: Process, user: User) => {
  const me = await call(p, user, 'getMe');
  expect(me.status, me.text).toBe(200);
  return me.body.flags as Record<string, boolean | string | number>;
};

beforeAll(async () => {
  table = await createTestTable('flags-propagation');
  a = processOn(table);
  b = processOn(table);
  admin = await aUser('admin');
});

afterAll(async () => {
  await table.drop();
});

describe('/api/me flags', () => {
  const key = aFlagKey();
  let inside: User;
  let outside: User;

  it('gives a user inside a 50% rollout the flag and one outside it not, values only', async () => {
    inside = await aUser('member', idInRollout(key, 50, true));
    outside = await aUser('member', idInRollout(key, 50, false));
    expect((await call(a, admin, 'putFlag', { params: { key }, body: aFlagBody({}, 50) })).status).toBe(201);

    expect((await myFlags(a, inside))[key]).toBe(true);
    expect((await myFlags(a, outside))[key]).toBe(false);
    const me = await call(b, inside, 'getMe');
    expect(me.body.flags[key]).toBe(true);
    // The SPA never sees rules, variants or anyone else's values.
    expect(me.text).not.toMatch(/rollout|variants|everyone|stickiness/);
    expect(me.text).not.toContain(outside.userId);
  });

  it('puts an admin’s change in force at once where it was made, and elsewhere on the first request after the TTL', async () => {
    const start = clockAt;
    expect((await myFlags(b, inside))[key]).toBe(true); // process b holds the definitions read at `start`
    expect((await call(a, admin, 'patchFlag', { params: { key }, body: { killed: true }, headers: { 'if-match': '"1"' } })).status).toBe(200);
    expect((await myFlags(a, inside))[key]).toBe(false);

    clockAt = start + 10_000;
    expect((await myFlags(b, inside))[key]).toBe(true);
    clockAt = start + DEFAULT_FLAG_TTL_MS + 1;
    expect((await myFlags(b, inside))[key]).toBe(false);
  });

  it('brings a fleet flag change with the next license the sync stores', async () => {
    const fleetKey = aFlagKey();
    const start = clockAt;
    await a.services.licenses.replace(aLicenseWithFleetFlags(new Date(start), [fleetFlagDefinition(fleetKey, { rings: [0] })], 1, 1));
    clockAt = start + DEFAULT_FLAG_TTL_MS + 1;
    expect((await myFlags(b, outside))[fleetKey]).toBe(false); // ring 1 is not targeted yet

    // The vendor widens the flag to ring 1; the hourly sync stores the new license.
    clockAt = start + 60_000;
    await a.services.licenses.replace(aLicenseWithFleetFlags(new Date(clockAt), [fleetFlagDefinition(fleetKey, { rings: [0, 1] }, 2)], 2, 1));
    expect((await myFlags(b, outside))[fleetKey]).toBe(false);
    clockAt = start + 60_000 + DEFAULT_FLAG_TTL_MS + 1;
    expect((await myFlags(b, outside))[fleetKey]).toBe(true);
  });
});
