import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { LICENSE_AUDIENCE, LICENSE_ISSUER, licenseClaimsSchema } from '../../functions/licensing/claims.js';
import { signingKeyFrom } from '../../functions/licensing/signed-request.js';
import { MAX_FAILED_ACTIVATIONS_PER_HOUR } from '../../functions/vendor/installations/activation-codes.js';
import { createVendorHarness, STAFF_CLAIMS, type VendorHarness } from './vendor-harness.js';

let h: VendorHarness;

beforeAll(async () => {
  h = await createVendorHarness('installations');
});
afterAll(async () => {
  await h.close();
});

async function newCode(options: { uses?: number; expiresInDays?: number } = {}): Promise<string> {
  const res = await h.send('POST', '/admin/activation-codes', { body: { label: 'Acme', ...options }, claims: STAFF_CLAIMS });
  expect(res.statusCode).toBe(201);
  return res.json().activationCode as string;
}

async function register(activationCode: string, sourceIp = '198.51.100.1') {
  return h.send('POST', '/v1/installations', { body: { activationCode, name: 'Acme prod', version: '0.2.0', channel: 'stable' }, sourceIp });
}

async function registered() {
  const res = await register(await newCode());
  expect(res.statusCode).toBe(201);
  const body = res.json() as { installationId: string; installationSecret: string; license: string };
  return { ...body, conn: { installationId: body.installationId, signingKey: signingKeyFrom(body.installationSecret) } };
}

describe('registration with an activation code', () => {
  it('registers an installation in ring 2 with a free license, and keeps only the derived key', async () => {
    const { installationId, installationSecret, license } = await registered();
    expect(installationId).toMatch(/^inst_[0-9a-z]{26}$/);
    const { payload, protectedHeader } = await jwtVerify(license, createLocalJWKSet({ keys: [h.publicJwk] }), {
      issuer: LICENSE_ISSUER,
      audience: LICENSE_AUDIENCE,
      currentDate: h.clock.now(),
    });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'ownstack-license+jwt', kid: h.publicJwk.kid });
    const claims = licenseClaimsSchema.parse(payload);
    expect(claims).toMatchObject({ sub: installationId, plan: 'free', status: 'active', ring: 2, channel: 'stable', flagsVersion: 0 });

    const stored = JSON.stringify(await h.services.installations.get(installationId));
    expect(stored).not.toContain(installationSecret);
    expect(stored).toContain(signingKeyFrom(installationSecret));
  });

  it('refuses a code once its uses are spent, with the same answer as a wrong code', async () => {
    const code = await newCode({ uses: 1 });
    expect((await register(code)).statusCode).toBe(201);
    const usedUp = await register(code);
    const wrong = await register('ABCD-EFGH-JKLM-NPQR');
    expect(usedUp.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(usedUp.json().detail).toBe(wrong.json().detail);
  });

  it('refuses an expired code the same way', async () => {
    const code = await newCode({ expiresInDays: 1 });
    h.clock.advanceSeconds(2 * 86_400);
    try {
      const res = await register(code);
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('The activation code is not valid. Ask your vendor for a new one.');
    } finally {
      h.clock.advanceSeconds(-2 * 86_400);
    }
  });

  it('consumes exactly the uses a code has when installations race for it', async () => {
    const code = await newCode({ uses: 3 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => register(code, `198.51.100.${50 + i}`)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(3);
  });

  it('refuses every try from a source after too many wrong codes, even a good one (429)', async () => {
    const source = '192.0.2.99';
    for (let i = 0; i < MAX_FAILED_ACTIVATIONS_PER_HOUR; i++) expect((await register('ZZZZ-ZZZZ-ZZZZ-ZZZZ', source)).statusCode).toBe(401);
    const good = await newCode();
    const limited = await register(good, source);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    // Another source is not affected, and the code is still unused.
    expect((await register(good, '192.0.2.100')).statusCode).toBe(201);
  });

  it('validates the body at the edge and bounds it before parsing', async () => {
    const invalid = await h.send('POST', '/v1/installations', { body: { activationCode: 'nope', name: '', version: '1', channel: 'stable' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toBe('application/problem+json');
    const huge = await h.send('POST', '/v1/installations', { rawBody: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) });
    expect(huge.statusCode).toBe(413);
  });
});

describe('signed requests', () => {
  it('accepts a correctly signed heartbeat and records it', async () => {
    const { conn, installationId } = await registered();
    const res = await h.sendSigned(conn, 'POST', '/v1/heartbeat', { version: '0.3.0', channel: 'beta', seats: 7, health: { jobsFailed24h: 0, dlqDepth: 0 } });
    expect(res.statusCode).toBe(204);
    expect(await h.services.installations.get(installationId)).toMatchObject({
      version: '0.3.0',
      channel: 'beta',
      seats: 7,
      lastHeartbeatAt: h.clock.now().toISOString(),
    });
  });

  it('refuses forged, stale, replayed, altered and unknown-installation requests with one and the same 401', async () => {
    const { conn } = await registered();
    const body = { version: '0.3.0', channel: 'stable', seats: 1 };
    const text = JSON.stringify(body);

    const forged = await h.sendSigned({ ...conn, signingKey: signingKeyFrom('oss_not-the-secret') }, 'POST', '/v1/heartbeat', body);

    const signedNow = await import('../../functions/licensing/signed-request.js');
    const staleHeaders = signedNow.signRequest(
      { method: 'POST', path: '/v1/heartbeat', body: text },
      conn.installationId,
      conn.signingKey,
      Math.floor(h.clock.now().getTime() / 1000) - 301,
    );
    const stale = await h.send('POST', '/v1/heartbeat', { rawBody: text, headers: staleHeaders });

    const first = await h.sendSigned(conn, 'POST', '/v1/heartbeat', body, 'nonce-replayed-1');
    expect(first.statusCode).toBe(204);
    const replayed = await h.sendSigned(conn, 'POST', '/v1/heartbeat', body, 'nonce-replayed-1');

    const goodHeaders = signedNow.signRequest(
      { method: 'POST', path: '/v1/heartbeat', body: text },
      conn.installationId,
      conn.signingKey,
      Math.floor(h.clock.now().getTime() / 1000),
    );
    const altered = await h.send('POST', '/v1/heartbeat', { rawBody: text.replace('"seats":1', '"seats":9'), headers: goodHeaders });

    const unknown = await h.sendSigned({ installationId: 'inst_00000000000000000000000000', signingKey: conn.signingKey }, 'POST', '/v1/heartbeat', body);
    const unsigned = await h.send('POST', '/v1/heartbeat', { body });

    const refusals = [forged, stale, replayed, altered, unknown, unsigned];
    for (const r of refusals) expect(r.statusCode).toBe(401);
    const bodies = new Set(refusals.map((r) => r.body));
    expect(bodies.size).toBe(1);
  });

  it('refuses a second request with the same nonce, even a GET without a body', async () => {
    const { conn } = await registered();
    expect((await h.sendSigned(conn, 'GET', '/v1/license', undefined, 'nonce-window')).statusCode).toBe(200);
    expect((await h.sendSigned(conn, 'GET', '/v1/license', undefined, 'nonce-window')).statusCode).toBe(401);
  });

  it('serves a fresh license that reflects a ring change', async () => {
    const { conn, installationId } = await registered();
    const moved = await h.send('PUT', `/admin/installations/${installationId}/ring`, { body: { ring: 1 }, claims: STAFF_CLAIMS });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ installationId, ring: 1, plan: 'free', status: 'none' });
    const res = await h.sendSigned(conn, 'GET', '/v1/license');
    const { payload } = await jwtVerify(res.json().license as string, createLocalJWKSet({ keys: [h.publicJwk] }), { currentDate: h.clock.now() });
    expect(payload).toMatchObject({ sub: installationId, ring: 1 });
  });
});

describe('the admin API', () => {
  it('refuses a token without the vendor-admins group (403) and a request without claims (401)', async () => {
    const notStaff = await h.send('GET', '/admin/installations', { claims: { sub: 'customer-1', 'cognito:groups': ['admins'] } });
    expect(notStaff.statusCode).toBe(403);
    const anonymous = await h.send('GET', '/admin/installations');
    expect(anonymous.statusCode).toBe(401);
  });

  it('pages through the fleet with cursors, every installation once, without the signing key', async () => {
    const fleet = await createVendorHarness('fleet');
    try {
      const code = (await fleet.send('POST', '/admin/activation-codes', { body: { label: 'Fleet', uses: 7 }, claims: STAFF_CLAIMS })).json().activationCode;
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await fleet.send('POST', '/v1/installations', { body: { activationCode: code, name: `inst ${i}`, version: '0.2.0', channel: 'stable' } });
        ids.push(res.json().installationId as string);
      }
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let cursor: string | undefined;
      do {
        const res = await fleet.send('GET', '/admin/installations', { claims: STAFF_CLAIMS, query: `limit=3${cursor ? `&cursor=${cursor}` : ''}` });
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('signingKey');
        const page = res.json() as { items: { installationId: string; plan: string; ring: number }[]; nextCursor?: string };
        pageSizes.push(page.items.length);
        seen.push(...page.items.map((i) => i.installationId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pageSizes).toEqual([3, 3, 1]);
      expect(seen.sort()).toEqual(ids.sort());

      const forged = await fleet.send('GET', '/admin/installations', {
        claims: STAFF_CLAIMS,
        query: `cursor=${Buffer.from(JSON.stringify({ gsi1pk: 'CUS#x' })).toString('base64url')}`,
      });
      expect(forged.statusCode).toBe(400);
    } finally {
      await fleet.close();
    }
  });

  it('answers 404 for an installation that does not exist', async () => {
    const res = await h.send('GET', '/admin/installations/inst_00000000000000000000000000', { claims: STAFF_CLAIMS });
    expect(res.statusCode).toBe(404);
  });
});
