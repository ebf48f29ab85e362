/**
 * The control plane client against a real HTTP server that checks signatures with
 * `verifySignature`: every call but registration signed (path prefix included), failures
 * sorted into unavailable (network, timeout, 5xx, 429, too large, malformed) and refused
 * (4xx with the control plane's detail), and only https or loopback http spoken.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_PLANE_PATHS, type UsageReport } from '../../../../functions/licensing/control-plane-api.js';
import {
  controlPlaneBaseUrl,
  controlPlaneClient,
  ControlPlaneRefused,
  ControlPlaneUnavailable,
  MAX_CONTROL_PLANE_RESPONSE_BYTES,
} from '../../../../functions/licensing/control-plane-client.js';
import { SIGNATURE_HEADERS, verifySignature } from '../../../../functions/licensing/signed-request.js';
import { type FakeControlPlane, type LicenseKeys, licenseKeys, startFakeControlPlane } from './fake-control-plane.js';

let keys: LicenseKeys;
let plane: FakeControlPlane;
const conn = () => ({ installationId: plane.installationId, signingKey: plane.signingKey });

beforeAll(async () => {
  keys = await licenseKeys();
  plane = await startFakeControlPlane(keys);
});
afterAll(() => plane.close());
afterEach(() => {
  plane.down = false;
  plane.respond = undefined;
});

describe('signed requests', () => {
  it('signs heartbeat, license, usage, trial, checkout and portal calls so the control plane accepts them', async () => {
    const client = controlPlaneClient(plane.url);
    const before = plane.received.length;
    await client.heartbeat(conn(), { version: '1.2.3', channel: 'stable', seats: 4 });
    expect(await client.license(conn())).toBe(plane.license);
    const reports: UsageReport[] = [{ meter: 'apiCalls', hour: '2026-11-24T09', value: 12 }];
    expect(await client.usage(conn(), reports)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    plane.respond = (req, res) => {
      const body = req.path === CONTROL_PLANE_PATHS.trial ? { license: plane.license } : { url: 'https://checkout.stripe.test/session/1' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    };
    expect(await client.trial(conn())).toBe(plane.license);
    expect(
      await client.checkout(conn(), { plan: 'pro', seats: 3, successUrl: 'https://app.example/billing?ok', cancelUrl: 'https://app.example/billing' }),
    ).toEqual({
      url: 'https://checkout.stripe.test/session/1',
    });
    expect(await client.portal(conn(), { returnUrl: 'https://app.example/billing' })).toEqual({ url: 'https://checkout.stripe.test/session/1' });

    expect(plane.refused).toEqual([]);
    const sent = plane.received.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(sent).toEqual([
      `POST ${CONTROL_PLANE_PATHS.heartbeat}`,
      `GET ${CONTROL_PLANE_PATHS.license}`,
      `POST ${CONTROL_PLANE_PATHS.usage}`,
      `POST ${CONTROL_PLANE_PATHS.trial}`,
      `POST ${CONTROL_PLANE_PATHS.checkout}`,
      `POST ${CONTROL_PLANE_PATHS.portal}`,
    ]);
    expect(JSON.parse(plane.received.at(-3)?.body ?? '')).toEqual({ plan: 'pro' });
  });

  it('a request signed with another key, or sent too late, is refused by the control plane (and surfaces as refused)', async () => {
    const client = controlPlaneClient(plane.url);
    await expect(client.license({ installationId: plane.installationId, signingKey: 'not-the-key' })).rejects.toMatchObject({
      status: 401,
      detail: 'bad-signature',
    });
    const late = controlPlaneClient(plane.url, { now: () => Date.now() - 10 * 60_000 });
    await expect(late.license(conn())).rejects.toMatchObject({ status: 401, detail: 'stale' });
    plane.refused.length = 0;
  });

  it('registration carries no signature (the activation code authorizes it) and its answer is validated', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const server = await serve((req, res) => {
      seen.push(req.headers);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ installationId: `inst_${'a'.repeat(24)}`, installationSecret: `oss_${'s'.repeat(43)}`, license: 'x.y.z' }));
    });
    const answer = await controlPlaneClient(server.url).register({ activationCode: 'ABCD-EFGH-JKLM-NPQR', name: 'Acme', version: '1.0.0', channel: 'stable' });
    expect(answer.installationId).toBe(`inst_${'a'.repeat(24)}`);
    expect(seen[0]?.[SIGNATURE_HEADERS.signature]).toBeUndefined();
    await server.close();
  });

  it('signs the path as sent, including a base path in the control plane URL', async () => {
    const checks: string[] = [];
    const server = await serve(async (req, res) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const check = verifySignature({ method: req.method ?? '', path: req.url ?? '', body: '' }, headers, 'k', Math.floor(Date.now() / 1000));
      checks.push(`${req.url} ${check.ok}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ license: 'a.b.c' }));
    });
    await controlPlaneClient(`${server.url}/prod/`).license({ installationId: 'inst_x', signingKey: 'k' });
    expect(checks).toEqual(['/prod/v1/license true']);
    await server.close();
  });
});

describe('failures: unavailable or refused', () => {
  it('5xx, 429 and 408 are unavailable (try later); other 4xx are refused with the control plane’s detail', async () => {
    const client = controlPlaneClient(plane.url);
    plane.down = true;
    await expect(client.license(conn())).rejects.toBeInstanceOf(ControlPlaneUnavailable);
    plane.down = false;
    for (const status of [429, 408]) {
      plane.respond = reply(status, {});
      await expect(client.license(conn())).rejects.toBeInstanceOf(ControlPlaneUnavailable);
    }
    plane.respond = (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Conflict', detail: 'A trial was already used.' }));
      return true;
    };
    const refusal = await client.trial(conn()).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ControlPlaneRefused);
    expect(refusal).toMatchObject({ status: 409, detail: 'A trial was already used.' });
  });

  it('a network failure (nothing listening) is unavailable', async () => {
    const server = await serve((_req, res) => res.end());
    await server.close();
    await expect(controlPlaneClient(server.url).license(conn())).rejects.toBeInstanceOf(ControlPlaneUnavailable);
  });

  it('no answer within the timeout is unavailable, after the timeout and not much later', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await controlPlaneClient(server.url, { timeoutMs: 200 })
      .license(conn())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlPlaneUnavailable);
    expect((error as Error).message).toMatch(/no answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    await server.close();
  });

  it('an answer larger than 64 KB is cut off, declared or streamed', async () => {
    const big = JSON.stringify({ license: 'x'.repeat(MAX_CONTROL_PLANE_RESPONSE_BYTES) });
    const client = controlPlaneClient(plane.url);
    plane.respond = reply(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) }, big);
    await expect(client.license(conn())).rejects.toThrow(/at most 65536 are read/);
    plane.respond = (_req, res) => {
      // Chunked, no length: the client has to count.
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 20; i += 1) res.write('x'.repeat(8 * 1024));
      res.end();
      return true;
    };
    await expect(client.license(conn())).rejects.toThrow(/exceeds 65536 bytes/);
  });

  it('an answer that is not JSON, or not the expected shape, is unavailable, never passed on', async () => {
    const client = controlPlaneClient(plane.url);
    plane.respond = reply(200, { 'content-type': 'text/html' }, '<html>');
    await expect(client.license(conn())).rejects.toThrow(/not JSON/);
    plane.respond = reply(200, { 'content-type': 'application/json' }, JSON.stringify({ licence: 'typo' }));
    await expect(client.license(conn())).rejects.toThrow(/expected shape/);
    plane.respond = reply(200, { 'content-type': 'application/json' }, JSON.stringify({ url: 'javascript:alert(1)' }));
    // A URL the browser is sent to must be https: never javascript: or data:.
    await expect(client.portal(conn(), { returnUrl: 'https://app.example/billing' })).rejects.toThrow(/not an https URL/);
  });

  it('a redirect is not followed: a signed request goes to the configured origin or nowhere', async () => {
    const client = controlPlaneClient(plane.url);
    plane.respond = reply(307, { location: 'https://elsewhere.example/v1/license' });
    await expect(client.license(conn())).rejects.toBeInstanceOf(ControlPlaneUnavailable);
  });
});

describe('the control plane URL', () => {
  it('is https, or http to a loopback host only', () => {
    expect(controlPlaneBaseUrl('https://cp.ownstack.example').href).toBe('https://cp.ownstack.example/');
    expect(controlPlaneBaseUrl('http://localhost:4000').hostname).toBe('localhost');
    expect(controlPlaneBaseUrl('http://127.0.0.1:4000').hostname).toBe('127.0.0.1');
    expect(() => controlPlaneBaseUrl('http://cp.ownstack.example')).toThrow(/https/);
    expect(() => controlPlaneBaseUrl('http://localhost.evil.example')).toThrow(/https/);
    expect(() => controlPlaneBaseUrl('https://user:pw@cp.example')).toThrow(/credentials/);
    expect(() => controlPlaneBaseUrl('ftp://cp.example')).toThrow(/https/);
    expect(() => controlPlaneClient('not a url')).toThrow(/not a URL/);
  });
});

/** A canned answer for the fake control plane's `respond` hook. */
function reply(status: number, headers: Record<string, string>, body?: string): NonNullable<FakeControlPlane['respond']> {
  return (_req, res) => {
    res.writeHead(status, headers).end(body);
    return true;
  };
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
