/**
 * The installation's client and sync against the real local control plane (B1's
 * `startLocalControlPlane`: the VendorStack's handlers, its table, the Stripe fake) in the
 * shared DynamoDB Local: register with the seeded activation code, connect, sync (the
 * heartbeat reaches the fleet record, the usage reports are taken, the license verifies
 * with the control plane's public key), and a usage report sent again is not taken twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { domainEvent } from '../../functions/events/domain.js';
import { CONTROL_PLANE_PATHS } from '../../functions/licensing/control-plane-api.js';
import { controlPlaneClient, ControlPlaneRefused } from '../../functions/licensing/control-plane-client.js';
import { signingKeyFrom } from '../../functions/licensing/signed-request.js';
import { syncNow } from '../../functions/licensing/sync.js';
import { licenseVerifier } from '../../functions/licensing/verify.js';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { createServices, type Services } from '../../functions/services.js';
import { dynamoInstallationStore } from '../../functions/vendor/installations/store.js';
import { type LocalControlPlane, startLocalControlPlane } from '../../functions/vendor/local/control-plane.js';
import { createTestTable, type TestTable } from '../support/table.js';

const HOUR = 3_600_000;
let table: TestTable;
let plane: LocalControlPlane;
let services: Services;
let installationId: string;
const dir = mkdtempSync(join(tmpdir(), 'ownstack-license-sync-cp-'));

beforeAll(async () => {
  table = await createTestTable('license-sync-cp');
  plane = await startLocalControlPlane({
    port: 0,
    dataDir: dir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `vendor-${randomUUID().slice(0, 8)}`,
    quiet: true,
    consoleRoot: dir,
  });
  services = createServices(
    { ...table.config, OWNSTACK_VERSION: '2.0.1', CONTROL_PLANE_URL: plane.url, VENDOR_PUBLIC_KEY: JSON.stringify(plane.publicKeyJwk), TELEMETRY: 'on' },
    { db: table.db },
  );
  await services.users.createWithEvent(
    {
      userId: randomUUID(),
      email: 'owner@example.com',
      displayName: 'Owner',
      role: 'owner',
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      groupIds: [],
    },
    domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id: 'x' }, data: {} }, services),
  );
}, 120_000);

afterAll(async () => {
  await plane?.stop();
  await table?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('against the local control plane', () => {
  it('registers with the activation code, and a wrong code is refused (4xx), not "unavailable"', async () => {
    const client = services.controlPlane;
    if (!client) throw new Error('CONTROL_PLANE_URL is set: the client must exist');
    const wrong = await client.register({ activationCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', name: 'Acme', version: '2.0.1', channel: 'stable' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ControlPlaneRefused);

    const registered = await client.register({ activationCode: plane.activationCode, name: 'Acme', version: '2.0.1', channel: 'stable' });
    installationId = registered.installationId;
    const verified = await licenseVerifier(JSON.stringify(plane.publicKeyJwk))(registered.license, { now: new Date(), installationId });
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    // Connected as of three hours ago, so some hours have settled and are due.
    await services.licenses.connect(
      {
        installationId,
        signingKey: signingKeyFrom(registered.installationSecret),
        controlPlaneUrl: plane.url,
        connectedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
      },
      { token: registered.license, claims: verified.claims, receivedAt: new Date().toISOString(), source: 'activation' },
      [],
    );
  });

  it('syncs: the heartbeat reaches the fleet record, usage is taken, the license verifies and is applied', async () => {
    const outcome = await syncNow(services);
    expect(outcome.error).toBeUndefined();
    expect(outcome.ok).toBe(true);
    expect(outcome.usage?.hours).toBeGreaterThanOrEqual(2);
    expect(outcome.usage?.rejected).toBe(0);
    const vendorDb = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: dynamoDbLocalCredentials }),
    );
    const fleet = await dynamoInstallationStore(vendorDb, plane.tableName).get(installationId);
    expect(fleet).toMatchObject({ version: '2.0.1', channel: 'stable', seats: 1 });
    expect(fleet?.lastHeartbeatAt).toBeDefined();
    expect((await services.licenses.state()).sync.lastError).toBeUndefined();
    expect((await services.licenses.current())?.claims.sub).toBe(installationId);
  });

  it('a usage report sent again is acknowledged as a duplicate, not taken twice', async () => {
    const client = services.controlPlane;
    const conn = await services.licenses.connection();
    if (!client || !conn) throw new Error('connected above');
    const hour = new Date(Date.now() - 2 * HOUR).toISOString().slice(0, 13);
    const report = { meter: 'apiCalls' as const, hour, value: 42 };
    const first = await client.usage(conn, [report]);
    const again = await client.usage(conn, [report]);
    expect(first.accepted + first.duplicates).toBe(1);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('a request the control plane cannot authenticate is refused', async () => {
    const client = controlPlaneClient(plane.url);
    await expect(client.license({ installationId, signingKey: 'wrong-key' })).rejects.toBeInstanceOf(ControlPlaneRefused);
    expect(CONTROL_PLANE_PATHS.license).toBe('/v1/license');
  });
});
