/**
 * The sync wired end to end on one machine: the local runtime started connected to the
 * local control plane (`controlPlane` option: URL and license public key into the
 * functions' environment), the `sync-license` job put on the runtime's queue and run by
 * the real job worker handler (catalog entry, worker registry, config), reaching the
 * control plane (heartbeat in its fleet record, the license applied); and the real API
 * handler counting authenticated calls in memory and writing them on the first call 30 s
 * after the last write (one write for many calls).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scheduledJobs } from '../../functions/catalog.js';
import { apiCallKeys, FLUSH_EVERY_MS } from '../../functions/licensing/api-calls.js';
import { controlPlaneClient } from '../../functions/licensing/control-plane-client.js';
import { signingKeyFrom } from '../../functions/licensing/signed-request.js';
import { dynamoLicenseStore } from '../../functions/licensing/store.js';
import { SYNC_LICENSE_JOB_TYPE } from '../../functions/licensing/sync-job.js';
import { licenseVerifier } from '../../functions/licensing/verify.js';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { LOCAL_OWNER_EMAIL } from '../../functions/local/oidc/seed-users.js';
import { type LocalRuntime, startLocalRuntime } from '../../functions/local/runtime.js';
import { dynamoInstallationStore } from '../../functions/vendor/installations/store.js';
import { type LocalControlPlane, startLocalControlPlane } from '../../functions/vendor/local/control-plane.js';

const dir = mkdtempSync(join(tmpdir(), 'ownstack-license-sync-runtime-'));
let plane: LocalControlPlane;
let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let installationId: string;

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint');
  plane = await startLocalControlPlane({
    port: 0,
    dataDir: join(dir, 'cp'),
    dynamoEndpoint: endpoint,
    tableName: `vendor-${randomBytes(4).toString('hex')}`,
    quiet: true,
    consoleRoot: dir,
  });
  runtime = await startLocalRuntime({
    port: 0,
    dataDir: join(dir, 'app'),
    fresh: true,
    quiet: true,
    dynamoEndpoint: endpoint,
    tableName: `license-sync-rt-${randomBytes(4).toString('hex')}`,
    webRoot: join(dir, 'no-spa'),
    controlPlane: { url: plane.url, publicKey: JSON.stringify(plane.publicKeyJwk) },
  });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials }));
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await plane?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the local runtime connected to the local control plane', () => {
  it('runs the sync-license job through the job worker: heartbeat and license reach and come back', async () => {
    await runtime.queueIdle();
    // Activation (C1's route does this from the billing page): register, then store the connection.
    const registered = await controlPlaneClient(plane.url).register({
      activationCode: plane.activationCode,
      name: 'Runtime test',
      version: '0.0.1',
      channel: 'stable',
    });
    installationId = registered.installationId;
    const verified = await licenseVerifier(JSON.stringify(plane.publicKeyJwk))(registered.license, { now: new Date(), installationId });
    if (!verified.ok) throw new Error(`registration license: ${verified.reason}`);
    const licenses = dynamoLicenseStore(db, runtime.tableName);
    await licenses.connect(
      { installationId, signingKey: signingKeyFrom(registered.installationSecret), controlPlaneUrl: plane.url, connectedAt: new Date().toISOString() },
      { token: registered.license, claims: verified.claims, receivedAt: new Date().toISOString(), source: 'activation' },
      [],
    );

    const message = scheduledJobs.find((j) => j.message.type === SYNC_LICENSE_JOB_TYPE)?.message;
    const sqs = new SQSClient({ endpoint: runtime.aws.sqsEndpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.aws.jobQueueUrl, MessageBody: JSON.stringify(message) }));
    await runtime.queueIdle();
    sqs.destroy();

    expect(runtime.queueState().deadLetters).toHaveLength(0);
    const state = await licenses.state();
    expect(state.sync.lastError).toBeUndefined();
    expect(state.sync.lastSyncAt).toBeDefined();
    const fleet = await dynamoInstallationStore(db, plane.tableName).get(installationId);
    expect(fleet?.lastHeartbeatAt).toBeDefined();
    expect(fleet?.seats).toBeGreaterThanOrEqual(0);
  });

  it(
    'counts authenticated API calls in the API function and writes them once, 30 s after the last write',
    async () => {
      const token = await runtime.tokenFor(LOCAL_OWNER_EMAIL);
      const call = async () => {
        const response = await fetch(`${runtime.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
      };
      const start = new Date();
      for (let i = 0; i < 5; i += 1) await call();
      // Unauthenticated: not counted.
      expect((await fetch(`${runtime.url}/api/me`)).status).toBe(401);
      // A fresh table: these are the only API calls it has seen.
      const total = async () => {
        let sum = 0;
        for (const day of new Set([start.toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)])) {
          const { Item = {} } = await db.send(new GetCommand({ TableName: runtime.tableName, Key: apiCallKeys.day(day), ConsistentRead: true }));
          for (const [name, value] of Object.entries(Item)) if (/^h\d\d$/.test(name)) sum += Number(value);
        }
        return sum;
      };
      // No write per request: nothing yet (unless an hour began meanwhile, which flushes at once).
      const sameHour = () => new Date().toISOString().slice(0, 13) === start.toISOString().slice(0, 13);
      if (sameHour()) expect(await total()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, FLUSH_EVERY_MS + 500));
      await call();
      expect(await total()).toBe(6);
    },
    FLUSH_EVERY_MS + 30_000,
  );
});
