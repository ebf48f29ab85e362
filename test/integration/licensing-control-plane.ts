/**
 * A stand-in for the vendor's control plane, as the installation sees it, for the
 * licensing tests: a real HTTP server on loopback that checks every request's signature
 * with the real `verifySignature`, registers with one activation code, and answers with
 * licenses signed by the test's own key. The test sets what it answers (`license`), can
 * take it down (`down`: every request 503) and reads what it was sent (`received`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { domainEvent } from '../../functions/events/domain.js';
import type { Config } from '../../functions/platform/config.js';
import { licenseKeys as licenseItemKeys } from '../../functions/licensing/store.js';
import type { Services } from '../../functions/services.js';
import { CONTROL_PLANE_PATHS } from '../../functions/licensing/control-plane-api.js';
import { newInstallationSecret, signingKeyFrom, verifySignature } from '../../functions/licensing/signed-request.js';
import type { LicenseKeys } from '../support/licenses.js';
import { claimsFor, TEST_INSTALLATION_ID } from '../support/licenses.js';

export const ACTIVATION_CODE = 'ABCD-EFGH-JKLM-NPQR';

export interface StandInControlPlane {
  url: string;
  /** Every request answers 503 while true. */
  down: boolean;
  /** What GET /v1/license answers: a token the test signed. */
  license: () => Promise<string>;
  /** What POST /v1/trials answers. */
  trialLicense: () => Promise<string>;
  received: { method: string; path: string; body: unknown }[];
  /** `base` set up to talk to this stand-in and trust its key, telemetry off. */
  configFor(base: Config): Config;
  stop(): Promise<void>;
}

export const STAND_IN_WEB_ORIGIN = 'https://ownstack.example.com';

export async function startStandInControlPlane(keys: LicenseKeys, now: () => Date = () => new Date()): Promise<StandInControlPlane> {
  let signingKey: string | undefined;
  const plane: StandInControlPlane = {
    url: '',
    down: false,
    license: async () => keys.sign(claimsFor({ plan: 'free', ...freeGrant() }, now())),
    trialLicense: async () => keys.sign(claimsFor({ status: 'trialing', trialEndsAt: new Date(now().getTime() + 14 * 86_400_000).toISOString() }, now())),
    received: [],
    configFor: (base) => ({ ...base, VENDOR_PUBLIC_KEY: keys.publicKeyJson, CONTROL_PLANE_URL: plane.url, WEB_ORIGIN: STAND_IN_WEB_ORIGIN, TELEMETRY: 'off' }),
    stop: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const method = req.method ?? 'GET';
        const body = raw ? JSON.parse(raw) : undefined;
        plane.received.push({ method, path, body });
        if (plane.down) return answer(503, { title: 'down' });
        if (method === 'POST' && path === CONTROL_PLANE_PATHS.register) {
          if (body?.activationCode !== ACTIVATION_CODE) return answer(400, { title: 'Invalid', detail: 'Unknown activation code.' });
          const secret = newInstallationSecret();
          signingKey = signingKeyFrom(secret);
          return answer(201, { installationId: TEST_INSTALLATION_ID, installationSecret: secret, license: await plane.license() });
        }
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
        const check = signingKey ? verifySignature({ method, path, body: raw }, headers, signingKey, Math.floor(Date.now() / 1000)) : undefined;
        if (!check?.ok) return answer(401, { title: 'Unauthenticated', detail: 'Bad signature.' });
        if (method === 'GET' && path === CONTROL_PLANE_PATHS.license) return answer(200, { license: await plane.license() });
        if (method === 'POST' && path === CONTROL_PLANE_PATHS.trial) return answer(201, { license: await plane.trialLicense() });
        if (method === 'POST' && path === CONTROL_PLANE_PATHS.checkout) return answer(201, { url: 'https://checkout.stripe.test/c/pay/cs_test_1' });
        if (method === 'POST' && path === CONTROL_PLANE_PATHS.portal) return answer(201, { url: 'https://billing.stripe.test/p/session/bps_1' });
        if (method === 'POST' && path === CONTROL_PLANE_PATHS.heartbeat) return answer(204);
        if (method === 'POST' && path === CONTROL_PLANE_PATHS.usage) return answer(200, { accepted: body.reports.length, duplicates: 0, rejected: [] });
        return answer(404, { title: 'Not found' });
      } catch (error) {
        answer(500, { title: String(error) });
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  plane.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return plane;
}

function freeGrant() {
  return { seats: 5, features: [], quotas: { projects: 3, documents: 200, storageBytes: 1024 ** 3, apiCallsPerMonth: 100_000 } };
}

const fixtureEvent = (s: Services) =>
  domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id: 'billing' }, data: {} }, s);

/** Forgets the connection and the license, so an activation can run again (authorization matrix). */
export async function disconnected(s: Services): Promise<void> {
  for (const key of [licenseItemKeys.connection(), licenseItemKeys.current()]) await s.db.send(new DeleteCommand({ TableName: s.tableName, Key: key }));
}

/** Registers with the stand-in (through the real client) unless connected, as an activation would. */
export async function connected(s: Services): Promise<void> {
  if (await s.licenses.connection()) return;
  if (!s.controlPlane) throw new Error('connected() needs services configured with configFor()');
  const registered = await s.controlPlane.register({ activationCode: ACTIVATION_CODE, name: 'matrix', version: '0.0.0', channel: 'stable' });
  const connection = {
    installationId: registered.installationId,
    signingKey: signingKeyFrom(registered.installationSecret),
    controlPlaneUrl: '',
    connectedAt: new Date().toISOString(),
  };
  await s.licenses.connect(connection, undefined, [fixtureEvent(s)]);
}
