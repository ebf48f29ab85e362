/**
 * Updates through the real router on DynamoDB Local: the scheduled check reads a manifest
 * file and records it (or why it could not), admins see "update available" with the
 * notes, and approve or reject the waiting upgrade exactly once, with its event.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvent, type DomainEvent } from '../../functions/events/domain.js';
import { OUTBOX_ENTITY } from '../../functions/events/outbox.js';
import type { User } from '../../functions/identity/domain.js';
import { routeKeyOf } from '../../functions/platform/route.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { checkUpdatesJob } from '../../functions/upgrades/check-job.js';
import { UPDATE_STATE_ENTITY } from '../../functions/upgrades/store.js';
import type { ApprovalDecision } from '../../functions/upgrades/task-tokens.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { aManifest } from '../unit/upgrades/fixtures.js';
import { aPendingUpgrade } from './updates-fixtures.js';

let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
let admin: User;
const answered: { taskToken: string; decision: ApprovalDecision; by: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'ownstack-updates-'));
const manifestFile = join(dir, 'stable.json');

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const route = routes.find((r) => routeKeyOf(r) === `${method} ${path}`);
  if (!route) throw new Error(`no route ${method} ${path}`);
  const result = await router.handle(
    anApiEvent(routeKeyOf(route), {
      headers: { 'content-type': 'application/json' },
      claims: { sub: admin.userId, email: admin.email },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

beforeAll(async () => {
  table = await createTestTable('updates');
  const config = { ...table.config, OWNSTACK_VERSION: '1.2.0', UPDATE_MANIFEST_URL: pathToFileURL(manifestFile).href };
  services = createServices(config, {
    db: table.db,
    approvals: { answer: async (taskToken, decision, by) => void answered.push({ taskToken, decision, by }) },
  });
  router = createRouter(routes, { services, logger: silentLogger() });
  admin = {
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
});

afterAll(async () => {
  await table.drop();
  rmSync(dir, { recursive: true, force: true });
});

const outboxTypes = async () =>
  (await table.items())
    .filter((i) => i.entity === OUTBOX_ENTITY)
    .map((i) => (i as { event: DomainEvent }).event.type)
    .filter((t) => t !== 'test.fixture');

describe('the update check and what admins see', () => {
  it('shows the running version and nothing available before any check', async () => {
    const { status, body } = await call('GET', '/api/updates');
    expect(status).toBe(200);
    expect(body).toEqual({ currentVersion: '1.2.0', channel: 'stable', autoUpdate: 'notify', maintenanceWindow: 'Sun:02:00-04:00', updateAvailable: false });
  });

  it('shows "update available" with the release notes once the check read a newer manifest', async () => {
    writeFileSync(manifestFile, JSON.stringify(aManifest()));
    await checkUpdatesJob(services)();
    const { body } = await call('GET', '/api/updates');
    expect(body).toMatchObject({ updateAvailable: true, latest: { version: '1.3.0', releaseNotes: aManifest().releaseNotes }, lastCheck: { ok: true } });
    const [state] = (await table.items()).filter((i) => i.entity === UPDATE_STATE_ENTITY);
    expect(state).toMatchObject({ schemaVersion: 1, pk: 'INSTALLATION#UPDATES', sk: 'STATE' });
    expect(await outboxTypes()).toEqual(['installation.update.checked']);
  });

  it('records a broken manifest as a failed check and keeps the last good one', async () => {
    writeFileSync(manifestFile, '{"version": "not a manifest"');
    await expect(checkUpdatesJob(services)()).resolves.toBeUndefined();
    const { body } = await call('GET', '/api/updates');
    expect(body).toMatchObject({ updateAvailable: true, latest: { version: '1.3.0' }, lastCheck: { ok: false, error: expect.stringContaining('not JSON') } });
  });

  it('says why a newer version cannot be taken directly', async () => {
    writeFileSync(manifestFile, JSON.stringify(aManifest({ version: '2.0.0', minimumUpgradableVersion: '1.5.0' })));
    await checkUpdatesJob(services)();
    const { body } = await call('GET', '/api/updates');
    expect(body).toMatchObject({ updateAvailable: false, latest: { version: '2.0.0' }, blockedReason: expect.stringContaining('1.5.0') });
  });
});

describe('AutoUpdate off', () => {
  it('reads no manifest and records nothing', async () => {
    const before = await services.updates.get();
    writeFileSync(manifestFile, JSON.stringify(aManifest({ version: '5.0.0' })));
    await checkUpdatesJob({ ...services, config: { ...services.config, AUTO_UPDATE: 'off' } })();
    expect(await services.updates.get()).toEqual(before);
  });
});

describe('approving the waiting upgrade', () => {
  it('shows the waiting upgrade without its task token', async () => {
    await aPendingUpgrade(services);
    const { body } = await call('GET', '/api/updates');
    expect(body.pendingApproval).toEqual({
      fromVersion: '1.2.0',
      toVersion: '9.9.9',
      changeSetName: 'ownstack-upgrade-9-9-9-x',
      requestedAt: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain('token-');
  });

  it('refuses a decision about another version than the one waiting', async () => {
    expect((await call('POST', '/api/updates/approval', { decision: 'approve', toVersion: '9.9.8' })).status).toBe(409);
  });

  it('answers the pipeline once, clears the approval and writes the event', async () => {
    const { taskToken } = await aPendingUpgrade(services);
    answered.length = 0;
    const first = await call('POST', '/api/updates/approval', { decision: 'reject', toVersion: '9.9.9' });
    expect(first.status).toBe(200);
    expect(first.body.pendingApproval).toBeUndefined();
    expect(answered).toEqual([{ taskToken, decision: 'reject', by: admin.userId }]);
    expect(await outboxTypes()).toContain('installation.upgrade.decided');
    expect((await call('POST', '/api/updates/approval', { decision: 'approve', toVersion: '9.9.9' })).status).toBe(404);
  });

  it('lets only one of two admins deciding at once record a decision', async () => {
    await aPendingUpgrade(services);
    const results = await Promise.all([
      call('POST', '/api/updates/approval', { decision: 'approve', toVersion: '9.9.9' }),
      call('POST', '/api/updates/approval', { decision: 'approve', toVersion: '9.9.9' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
  });
});
