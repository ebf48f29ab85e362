/**
 * A small control plane on node:http for the installation's client and sync tests: it
 * checks every signed request with the real `verifySignature` (and refuses a nonce seen
 * twice), records what arrived, and answers licenses signed with a key pair made for the
 * test. `down` makes it answer 503 to everything, as an outage would; `respond` replaces
 * the answer to one path. Not a stand-in for the real control plane's rules (B1's
 * functions/vendor tests cover those), only for what the installation must get right.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { LICENSE_AUDIENCE, LICENSE_ISSUER, LICENSE_TYPE, type LicenseClaims } from '../../../../functions/licensing/claims.js';
import { CONTROL_PLANE_PATHS, type HeartbeatRequest, type UsageReport } from '../../../../functions/licensing/control-plane-api.js';
import { signingKeyFrom, verifySignature } from '../../../../functions/licensing/signed-request.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  body: string;
  installationId?: string;
}

export interface LicenseKeys {
  publicJwk: string;
  sign(claims: Partial<LicenseClaims> & Pick<LicenseClaims, 'sub'>, now: Date): Promise<string>;
}

const DAY = 86_400;

export async function licenseKeys(): Promise<LicenseKeys> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = JSON.stringify(await exportJWK(publicKey));
  return {
    publicJwk,
    async sign(overrides, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const grant = {
        plan: 'free' as const,
        seats: 5,
        features: [],
        quotas: { projects: 3, documents: 200, storageBytes: 1024 ** 3, apiCallsPerMonth: 100_000 },
      };
      const claims = {
        jti: `lic_${randomBytes(8).toString('hex')}`,
        iat,
        exp: iat + 14 * DAY,
        status: 'active',
        ...grant,
        fallback: grant,
        ring: 2,
        channel: 'stable',
        flags: [],
        flagsVersion: 0,
        ...overrides,
      };
      return new SignJWT(claims as unknown as Record<string, unknown>)
        .setProtectedHeader({ alg: 'EdDSA', typ: LICENSE_TYPE })
        .setIssuer(LICENSE_ISSUER)
        .setAudience(LICENSE_AUDIENCE)
        .sign(privateKey);
    },
  };
}

export interface FakeControlPlane {
  url: string;
  installationId: string;
  secret: string;
  signingKey: string;
  /** Every request that passed the signature check, in order. */
  received: ReceivedRequest[];
  /** Requests refused for their signature (should stay empty). */
  refused: { path: string; reason: string }[];
  /** Usage reports taken, by `meter|hour`, with how many times each came. */
  usage: Map<string, { value: number; times: number }>;
  heartbeats: HeartbeatRequest[];
  /** Answer 503 to everything while true. */
  down: boolean;
  /** The license the next GET /v1/license answers (signed for `installationId` unless replaced). */
  license: string;
  respond?: (req: ReceivedRequest, res: ServerResponse) => boolean;
  now: () => Date;
  close(): Promise<void>;
}

export async function startFakeControlPlane(keys: LicenseKeys, options: { now?: () => Date } = {}): Promise<FakeControlPlane> {
  const now = options.now ?? (() => new Date());
  const secret = `oss_${randomBytes(32).toString('base64url')}`;
  const installationId = `inst_${randomBytes(12).toString('hex')}`;
  const signingKey = signingKeyFrom(secret);
  const nonces = new Set<string>();
  const state: Omit<FakeControlPlane, 'url' | 'close'> = {
    installationId,
    secret,
    signingKey,
    received: [],
    refused: [],
    usage: new Map(),
    heartbeats: [],
    down: false,
    license: await keys.sign({ sub: installationId }, now()),
    now,
  };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (state.down) return json(503, { title: 'Service unavailable', detail: 'down for the test' });
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const check = verifySignature({ method, path, body }, headers, signingKey, Math.floor(now().getTime() / 1000));
    if (!check.ok || check.installationId !== installationId || nonces.has(check.nonce)) {
      state.refused.push({ path, reason: check.ok ? 'replay or unknown installation' : check.reason });
      return json(401, { title: 'Unauthorized', detail: check.ok ? 'replayed' : check.reason });
    }
    nonces.add(check.nonce);
    const received = { method, path, body, installationId: check.installationId };
    state.received.push(received);
    if (state.respond?.(received, res)) return;
    const P = CONTROL_PLANE_PATHS;
    if (method === 'POST' && path === P.heartbeat) {
      state.heartbeats.push(JSON.parse(body) as HeartbeatRequest);
      res.writeHead(204).end();
      return;
    }
    if (method === 'GET' && path === P.license) return json(200, { license: state.license });
    if (method === 'POST' && path === P.usage) {
      const { reports } = JSON.parse(body) as { reports: UsageReport[] };
      let accepted = 0;
      let duplicates = 0;
      for (const r of reports) {
        const key = `${r.meter}|${r.hour}`;
        const seen = state.usage.get(key);
        if (seen) {
          seen.times += 1;
          duplicates += 1;
        } else {
          state.usage.set(key, { value: r.value, times: 1 });
          accepted += 1;
        }
      }
      return json(200, { accepted, duplicates, rejected: [] });
    }
    return json(404, { title: 'Not found', detail: `no route ${method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
