/**
 * Installation flags through the real router on DynamoDB Local: create, replace with
 * If-Match (428 without, 412 when stale, one winner of two racing writers), validation
 * per field, kill switch and rollout, delete with history kept, revert, fleet flags from
 * the license beside the installation's, preview as user, and every change's event and
 * history entry written in the same transaction as the change (or neither).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventData } from '../../functions/events/catalog.js';
import type { DomainEvent } from '../../functions/events/domain.js';
import { OUTBOX_ENTITY } from '../../functions/events/outbox.js';
import { FLAG_VERSION_ENTITY } from '../../functions/flags/store.js';
import type { User } from '../../functions/identity/domain.js';
import { routeKeyOf } from '../../functions/platform/route.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { aFlagBody, aFlagKey, aLicenseWithFleetFlags, fleetFlagDefinition } from './flags-fixtures.js';

let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
let admin: User;
let member: User;
let clockAt = Date.parse('2026-11-24T09:00:00.000Z');

type Call = { params?: Record<string, string>; body?: unknown; headers?: Record<string, string>; query?: Record<string, string>; as?: User };

async function call(operationId: string, request: Call = {}) {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  const as = request.as ?? admin;
  const result = await router.handle(
    anApiEvent(routeKeyOf(route), {
      headers: { 'content-type': 'application/json', ...request.headers },
      pathParameters: request.params,
      queryStringParameters: request.query,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      claims: { sub: as.userId, email: as.email },
    }),
  );
  return { status: result.statusCode, headers: (result.headers ?? {}) as Record<string, string>, body: result.body ? JSON.parse(result.body) : undefined };
}

async function aUser(role: User['role'], groupIds: string[] = []): Promise<User> {
  const user: User = {
    userId: randomUUID(),
    email: `${randomUUID().slice(0, 8)}@example.com`,
    displayName: `A ${role}`,
    role,
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    groupIds,
  };
  await services.users.createWithEvent(user, {
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

const flagEvents = async (key: string) =>
  (await table.items())
    .filter((i) => i.entity === OUTBOX_ENTITY)
    .map((i) => (i as { event: DomainEvent }).event)
    .filter((e) => e.subject.kind === 'flag' && e.subject.id === key)
    .sort((a, b) => (a.data.version as number) - (b.data.version as number));

const historyItems = async (key: string) => (await table.items()).filter((i) => i.entity === FLAG_VERSION_ENTITY && i.key === key);

beforeAll(async () => {
  table = await createTestTable('flags-api');
  services = createServices(table.config, { db: table.db, clock: { now: () => new Date(clockAt) } });
  router = createRouter(routes, { services, logger: silentLogger() });
  admin = await aUser('admin');
  member = await aUser('member', ['beta']);
});

afterAll(async () => {
  await table.drop();
});

describe('creating and replacing a flag', () => {
  it('creates with 201 and ETag "1", its history entry and its flag.created event', async () => {
    const key = aFlagKey();
    const created = await call('putFlag', { params: { key }, body: aFlagBody() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body.definition).toMatchObject({ key, version: 1, createdAt: '2026-11-24', killed: false });
    expect(created.body.state).toMatchObject({ status: 'rollout', stale: false, rollouts: [{ ruleId: 'everyone', percentage: 10, everyone: true }] });
    expect(created.body.updatedBy).toBe(admin.userId);

    const [event] = await flagEvents(key);
    expect(event?.type).toBe('flag.created');
    expect(event?.actor.userId).toBe(admin.userId);
    expect(event?.data).toMatchObject({ key, version: 1, after: { status: 'rollout', rollouts: ['everyone: 10%'] } });
    expect(parseEventData(event?.type ?? '', event?.data)).toEqual({ success: true });
    expect(await historyItems(key)).toHaveLength(1);
  });

  it('refuses a replace without If-Match (428) and with a stale one (412, naming the current version), writing nothing', async () => {
    const key = aFlagKey();
    await call('putFlag', { params: { key }, body: aFlagBody() });
    const without = await call('putFlag', { params: { key }, body: aFlagBody({}, 20) });
    expect(without.status).toBe(428);
    const stale = await call('putFlag', { params: { key }, body: aFlagBody({}, 20), headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(1);
    expect(await flagEvents(key)).toHaveLength(1);
    expect(await historyItems(key)).toHaveLength(1);

    const replaced = await call('putFlag', { params: { key }, body: aFlagBody({}, 20), headers: { 'if-match': '"1"' } });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.etag).toBe('"2"');
    const events = await flagEvents(key);
    expect(events.map((e) => e.type)).toEqual(['flag.created', 'flag.updated']);
    expect(events[1]?.data.changes).toEqual(['rule everyone: rollout 10% → 20%']);
  });

  it('lets one of two writers racing from the same version win; the other gets 412 and leaves no trace', async () => {
    const key = aFlagKey();
    await call('putFlag', { params: { key }, body: aFlagBody() });
    const answers = await Promise.all([
      call('putFlag', { params: { key }, body: aFlagBody({}, 30), headers: { 'if-match': '"1"' } }),
      call('patchFlag', { params: { key }, body: { killed: true }, headers: { 'if-match': '"1"' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    expect(await historyItems(key)).toHaveLength(2);
    expect((await flagEvents(key)).map((e) => e.data.version)).toEqual([1, 2]);
  });

  it('creating over a flag someone else just created is a 412, not an overwrite', async () => {
    const key = aFlagKey();
    const answers = await Promise.all([call('putFlag', { params: { key }, body: aFlagBody() }), call('putFlag', { params: { key }, body: aFlagBody({}, 50) })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 412]);
    expect(await historyItems(key)).toHaveLength(1);
  });
});

describe('validation', () => {
  const problemPointers = (body: { errors?: { pointer: string; message: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

  it('refuses a key without a kind prefix', async () => {
    const answer = await call('putFlag', { params: { key: 'newEditor' }, body: aFlagBody() });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/kind prefix/);
  });

  it('names each field that is wrong, including cross-field rules', async () => {
    const key = aFlagKey();
    const answer = await call('putFlag', {
      params: { key },
      body: aFlagBody({
        defaultVariant: 'maybe',
        rules: [
          { id: 'a', when: {}, serve: { variant: 'nope' } },
          { id: 'a', when: { roles: ['admin'] }, serve: { variant: 'on' } },
        ],
      }),
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problemPointers(answer.body)).toEqual(expect.arrayContaining(['/defaultVariant', '/rules/0/serve', '/rules']));
    expect(await historyItems(key)).toHaveLength(0);
  });

  it('checks the body schema first: a percentage off the 0.1 grid, an unknown target, mixed variant types', async () => {
    const bad = await call('putFlag', {
      params: { key: aFlagKey() },
      body: aFlagBody({
        rules: [{ id: 'r', when: { countries: ['fr'] } as never, serve: { rollout: { percentage: 12.34, variant: 'on', stickiness: 'userId' } } }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(problemPointers(bad.body)).toEqual(expect.arrayContaining(['/rules/0/when', '/rules/0/serve/rollout/percentage']));
    const mixed = await call('putFlag', { params: { key: aFlagKey() }, body: aFlagBody({ variants: { on: true, off: 'no' } }) });
    expect(mixed.status).toBe(400);
    expect(problemPointers(mixed.body)).toContain('/variants');
  });

  it('refuses an expiry before today', async () => {
    const answer = await call('putFlag', { params: { key: aFlagKey() }, body: aFlagBody({ expiresAt: '2026-01-01' }) });
    expect(answer.status).toBe(400);
    expect(problemPointers(answer.body)).toEqual(['/expiresAt']);
  });

  it('refuses a rollout change on a rule that is not a rollout', async () => {
    const key = aFlagKey();
    await call('putFlag', { params: { key }, body: aFlagBody({ rules: [{ id: 'staff', when: { roles: ['admin'] }, serve: { variant: 'on' } }] }) });
    const answer = await call('patchFlag', { params: { key }, body: { rollout: { ruleId: 'staff', percentage: 5 } }, headers: { 'if-match': '"1"' } });
    expect(answer.status).toBe(400);
    expect(problemPointers(answer.body)).toEqual(['/rollout/ruleId']);
  });
});

describe('kill switch, rollout, delete and revert', () => {
  it('moves a rollout and kills the flag with PATCH, each a version with its event', async () => {
    const key = aFlagKey();
    await call('putFlag', { params: { key }, body: aFlagBody({}, 1) });
    const grown = await call('patchFlag', { params: { key }, body: { rollout: { ruleId: 'everyone', percentage: 25 } }, headers: { 'if-match': '"1"' } });
    expect(grown.status).toBe(200);
    expect(grown.body.state.rollouts[0].percentage).toBe(25);
    const killed = await call('patchFlag', { params: { key }, body: { killed: true }, headers: { 'if-match': '"2"' } });
    expect(killed.body.state).toMatchObject({ status: 'killed', killed: true });
    expect((await flagEvents(key)).map((e) => e.data.changes ?? [])).toEqual([[], ['rule everyone: rollout 1% → 25%'], ['kill switch on']]);
  });

  it('deletes with If-Match, keeps the history, and restores the deleted flag by reverting', async () => {
    const key = aFlagKey();
    await call('putFlag', { params: { key }, body: aFlagBody({}, 5) });
    expect((await call('deleteFlag', { params: { key } })).status).toBe(428);
    expect((await call('deleteFlag', { params: { key }, headers: { 'if-match': '"1"' } })).status).toBe(204);

    const list = await call('listFlags');
    expect(list.body.items.map((i: { definition: { key: string } }) => i.definition.key)).not.toContain(key);
    const detail = await call('getFlag', { params: { key } });
    expect(detail.status).toBe(200);
    expect(detail.body.installation).toBeUndefined();
    expect(detail.body.history.map((h: { version: number; change: string }) => [h.version, h.change])).toEqual([
      [2, 'deleted'],
      [1, 'created'],
    ]);

    const toDeletion = await call('revertFlag', { params: { key }, body: { version: 2 } });
    expect(toDeletion.status).toBe(400);
    const restored = await call('revertFlag', { params: { key }, body: { version: 1 } });
    expect(restored.status).toBe(200);
    expect(restored.body.definition).toMatchObject({ key, version: 3 });
    expect(restored.body.state.rollouts[0].percentage).toBe(5);
    expect((await flagEvents(key)).map((e) => e.type)).toEqual(['flag.created', 'flag.deleted', 'flag.reverted']);
  });

  it('reverts an existing flag to an earlier version as a new version equal to it', async () => {
    const key = aFlagKey();
    await call('putFlag', { params: { key }, body: aFlagBody({}, 10) });
    await call('patchFlag', { params: { key }, body: { rollout: { ruleId: 'everyone', percentage: 90 } }, headers: { 'if-match': '"1"' } });
    expect((await call('revertFlag', { params: { key }, body: { version: 1 } })).status).toBe(428);
    expect((await call('revertFlag', { params: { key }, body: { version: 9 }, headers: { 'if-match': '"2"' } })).status).toBe(404);
    const reverted = await call('revertFlag', { params: { key }, body: { version: 1 }, headers: { 'if-match': '"2"' } });
    expect(reverted.status).toBe(200);
    expect(reverted.headers.etag).toBe('"3"');
    const v1 = (await call('getFlag', { params: { key } })).body.history.find((h: { version: number }) => h.version === 1).definition;
    expect({ ...reverted.body.definition, version: 1 }).toEqual(v1);
    const [, , revert] = await flagEvents(key);
    expect(revert?.data).toMatchObject({ revertedFrom: 1, version: 3, changes: ['rule everyone: rollout 90% → 10%'] });
    expect(parseEventData('flag.reverted', revert?.data)).toEqual({ success: true });
  });

  it('answers 404 for a flag that never existed', async () => {
    expect((await call('getFlag', { params: { key: aFlagKey() } })).status).toBe(404);
    expect((await call('patchFlag', { params: { key: aFlagKey() }, body: { killed: true }, headers: { 'if-match': '"1"' } })).status).toBe(404);
  });
});

describe('the list, fleet flags and preview as user', () => {
  it('marks a flag stale once its expiry date has passed', async () => {
    const key = aFlagKey('exp');
    await call('putFlag', { params: { key }, body: aFlagBody({ expiresAt: '2026-12-01' }) });
    const before = (await call('listFlags')).body.items.find((i: { definition: { key: string } }) => i.definition.key === key);
    expect(before.state.stale).toBe(false);
    const saved = clockAt;
    clockAt = Date.parse('2026-12-02T00:00:00.000Z');
    try {
      const after = await call('listFlags');
      expect(after.body.today).toBe('2026-12-02');
      expect(after.body.items.find((i: { definition: { key: string } }) => i.definition.key === key).state.stale).toBe(true);
    } finally {
      clockAt = saved;
    }
  });

  it('lists the fleet flags of the license in force beside the installation’s, and previews a member with both', async () => {
    const fleetKey = aFlagKey();
    const now = new Date(clockAt);
    await services.licenses.replace(aLicenseWithFleetFlags(now, [fleetFlagDefinition(fleetKey, { rings: [1] })], 7, 1));
    const localKey = aFlagKey('exp');
    await call('putFlag', {
      params: { key: localKey },
      body: aFlagBody({
        variants: { a: 'blue', b: 'green' },
        defaultVariant: 'a',
        rules: [{ id: 'beta', when: { groups: ['beta'] }, serve: { variant: 'b' } }],
      }),
    });

    const list = await call('listFlags');
    expect(list.body).toMatchObject({ fleetFlagsVersion: 7, ring: 1 });
    const fleetItem = list.body.items.find((i: { definition: { key: string } }) => i.definition.key === fleetKey);
    expect(fleetItem).toMatchObject({ source: 'fleet', state: { status: 'targeted' } });
    expect((await call('getFlag', { params: { key: fleetKey } })).body).toMatchObject({ key: fleetKey, fleet: { source: 'fleet' }, history: [] });

    const preview = await call('previewFlags', { body: { userId: member.userId } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ user: { id: member.userId, groupIds: ['beta'] }, plan: 'pro', ring: 1 });
    const byKey = Object.fromEntries(preview.body.flags.map((f: { key: string }) => [f.key, f]));
    expect(byKey[fleetKey]).toMatchObject({ value: true, reason: 'TARGETING_MATCH', sources: ['fleet'] });
    expect(byKey[localKey]).toMatchObject({ value: 'green', variant: 'b', reason: 'TARGETING_MATCH', sources: ['installation'] });
    expect(byKey[localKey].explanation).toMatch(/beta/);

    const adminPreview = await call('previewFlags', { body: { userId: admin.userId } });
    expect(Object.fromEntries(adminPreview.body.flags.map((f: { key: string; value: unknown }) => [f.key, f.value]))[localKey]).toBe('blue');
    expect((await call('previewFlags', { body: { userId: 'nobody' } })).status).toBe(404);
  });

  it('refuses members: flags are for admins', async () => {
    expect((await call('listFlags', { as: member })).status).toBe(403);
    expect((await call('putFlag', { as: member, params: { key: aFlagKey() }, body: aFlagBody() })).status).toBe(403);
  });
});
