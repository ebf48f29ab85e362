/**
 * The local runtime's HTTP API: routing from the route table, the JWT authorizer's rules
 * (each attack refused before the handler runs), and API Gateway's limits.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webConfigSchema } from '../../functions/system/web-config.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { hmacWithPublicKey, signWithForeignKey, signWithRuntimeKey, unsignedToken, validClaims } from '../support/tokens.js';

let t: TestRuntime;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.runtime.url}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ctx = () => ({ dataDir: t.dataDir, issuer: t.runtime.issuer });

/** Users in the table: what a handler run would add (audit entries arrive asynchronously, so they are not counted). */
async function userCount() {
  return (await t.items()).filter((i) => i.entity === 'User').length;
}

async function userItemFor(sub: string) {
  return (await t.items()).find((i) => i.pk === `USER#${sub}`);
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthenticated', instance: '/api/me' });
}

beforeAll(async () => {
  t = await startTestRuntime('api');
});

afterAll(async () => {
  await t?.stop();
});

describe('public routes', () => {
  it('answers GET /api/health with 200 and no token', async () => {
    const response = await get('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('serves the OpenAPI document without a token', async () => {
    const response = await get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi?: string; paths?: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1/);
    expect(Object.keys(document.paths ?? {})).toContain('/api/me');
  });

  it('serves /config.json that the SPA schema accepts, pointing at the local issuer', async () => {
    const config = webConfigSchema.parse(await (await get('/config.json')).json());
    expect(config).toMatchObject({ apiBaseUrl: '', environment: 'local', auth: { authority: t.runtime.issuer, clientId: 'ownstack-web' } });
  });

  it('answers 503 with a hint for pages while the SPA is not built, never for /api', async () => {
    const page = await get('/projects/42');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build:web');
    expect((await get('/api/no-such-thing/42')).status).toBe(404);
  });
});

describe('GET /api/me with a token from the local provider', () => {
  it('returns the owner with role and community entitlements', async () => {
    const response = await get('/api/me', bearer(await t.runtime.tokenFor('owner@example.com')));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      user: { email: 'owner@example.com', displayName: 'Olivia Owner', role: 'owner', mfa: false },
      entitlements: { plan: 'community', source: 'community-default', seats: 5 },
    });
  });

  it('returns a member for any other seeded user', async () => {
    const response = await get('/api/me', bearer(await t.runtime.tokenFor('member@example.com')));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: 'member@example.com', role: 'member' } });
  });

  it('accepts the token without the Bearer prefix, as API Gateway does', async () => {
    const response = await get('/api/me', { authorization: await t.runtime.tokenFor('member@example.com') });
    expect(response.status).toBe(200);
  });

  it('refuses to mint a token for an email that is not seeded', async () => {
    await expect(t.runtime.tokenFor('nobody@example.com')).rejects.toThrow(/No seeded user/);
  });
});

describe('the JWT authorizer refuses before the handler runs', () => {
  it('accepts a forged-but-valid control token (so each refusal below is about one rule)', async () => {
    const claims = validClaims(t.runtime.issuer);
    const response = await get('/api/me', bearer(await signWithRuntimeKey(ctx(), claims)));
    expect(response.status).toBe(200);
    expect(await userItemFor(claims.sub as string)).toBeDefined();
  });

  it('refuses a request without a token', async () => {
    const before = await userCount();
    const response = await get('/api/me');
    await expectRefused(response);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await userCount()).toBe(before);
  });

  it('refuses a malformed token', async () => {
    const before = await userCount();
    await expectRefused(await get('/api/me', bearer('not.a.jwt')));
    await expectRefused(await get('/api/me', bearer('x'.repeat(2000))));
    expect(await userCount()).toBe(before);
  });

  const attacks: [string, (claims: ReturnType<typeof validClaims>) => Promise<string> | string][] = [
    ['signed by another key that claims the same kid', (c) => signWithForeignKey(ctx(), c)],
    ['with alg "none"', (c) => unsignedToken(ctx(), c)],
    ['signed HS256 with the public key as the secret', (c) => hmacWithPublicKey(ctx(), c)],
    ['from another issuer', (c) => signWithRuntimeKey(ctx(), { ...c, iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_attacker' })],
    ['for another audience', (c) => signWithRuntimeKey(ctx(), { ...c, aud: 'another-app', client_id: 'another-app' })],
    ['that expired', (c) => signWithRuntimeKey(ctx(), { ...c, iat: Math.floor(Date.now() / 1000) - 3700, exp: Math.floor(Date.now() / 1000) - 60 })],
    ['that is not valid yet', (c) => signWithRuntimeKey(ctx(), { ...c, nbf: Math.floor(Date.now() / 1000) + 120 })],
    ['without an expiry', (c) => signWithRuntimeKey(ctx(), { ...c, exp: undefined })],
  ];

  for (const [name, forge] of attacks) {
    it(`refuses a token ${name}`, async () => {
      const claims = validClaims(t.runtime.issuer, randomUUID());
      await expectRefused(await get('/api/me', bearer(await forge(claims))));
      expect(await userItemFor(claims.sub as string)).toBeUndefined();
    });
  }

  it('tolerates up to 5 s of clock skew, and no more', async () => {
    const now = Math.floor(Date.now() / 1000);
    const justExpired = validClaims(t.runtime.issuer);
    const longExpired = validClaims(t.runtime.issuer);
    expect((await get('/api/me', bearer(await signWithRuntimeKey(ctx(), { ...justExpired, exp: now - 2 })))).status).toBe(200);
    await expectRefused(await get('/api/me', bearer(await signWithRuntimeKey(ctx(), { ...longExpired, exp: now - 30 }))));
  });
});

describe('API Gateway behaviour', () => {
  it('answers 404 problem+json for a path or a method no route declares', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      ['DELETE', '/api/me'],
      ['GET', '/api/me/'],
    ] as const) {
      const response = await fetch(`${t.runtime.url}${path}`, { method, headers: bearer(await t.runtime.tokenFor('owner@example.com')) });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, title: 'Not found' });
    }
  });

  it('refuses a body over 1 MiB with 413 before routing or authorizing', async () => {
    const response = await fetch(`${t.runtime.url}/api/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 413, title: 'Request body too large' });
  });
});
