/**
 * The local OpenID provider, driven as the SPA (oidc-client-ts) drives it: discovery,
 * authorization code with PKCE, the server-rendered sign-in page, the token exchange,
 * then the API and userinfo with the issued access token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser } from '../support/browserless.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';

let t: TestRuntime;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string | undefined, overrides: Record<string, string> = {}) {
  const params = new URLSearchParams({
    client_id: 'ownstack-web',
    response_type: 'code',
    scope: 'openid email profile',
    redirect_uri: `${t.runtime.url}/auth/callback`,
    state: 'state-123',
    nonce: 'nonce-456',
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    ...overrides,
  });
  return `${t.runtime.issuer}/auth?${params}`;
}

const absolute = (location: string | null) => new URL(location ?? '', t.runtime.url).href;

/** Runs the sign-in up to the callback; returns the callback URL. */
async function signIn(request: ReturnType<typeof browser>, challenge: string, email: string, password = 'ownstack-dev') {
  const start = await request(authorizeUrl(challenge));
  const interaction = absolute(start.headers.get('location'));
  const page = await request(interaction);
  const submit = absolute(/action="([^"]+)"/.exec(await page.text())?.[1] ?? null);
  let response = await request(submit, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops++) {
    const next = absolute(response.headers.get('location'));
    if (next.startsWith(`${t.runtime.url}/auth/callback`)) return new URL(next);
    response = await request(next);
  }
  throw new Error(`Sign-in did not reach the callback (status ${response.status}): ${await response.text()}`);
}

async function exchange(code: string, verifier: string) {
  const response = await fetch(`${t.runtime.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${t.runtime.url}/auth/callback`,
      client_id: 'ownstack-web',
      code_verifier: verifier,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await startTestRuntime('oidc');
});

afterAll(async () => {
  await t?.stop();
});

describe('discovery', () => {
  it('publishes the issuer under /oidc with PKCE S256 and an RS256 key set', async () => {
    const discovery = (await (await fetch(`${t.runtime.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: t.runtime.issuer, code_challenge_methods_supported: ['S256'] });
    expect(discovery.end_session_endpoint).toBe(`${t.runtime.issuer}/session/end`);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('sign-in with authorization code and PKCE', () => {
  it('shows an accessible sign-in page with the local password as a hint', async () => {
    const request = browser();
    const start = await request(authorizeUrl(pkce().challenge));
    expect(start.status).toBe(303);
    const page = await request(absolute(start.headers.get('location')));
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('ownstack-dev');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('says in words that the password is wrong and keeps the email', async () => {
    const request = browser();
    const start = await request(authorizeUrl(pkce().challenge));
    const page = await request(absolute(start.headers.get('location')));
    const submit = absolute(/action="([^"]+)"/.exec(await page.text())?.[1] ?? null);
    const retry = await request(submit, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'member@example.com', password: 'guess' }).toString(),
    });
    const html = await retry.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('The email or the password is not correct.');
    expect(html).toContain('value="member@example.com"');
  });

  it('issues an RS256 JWT access token that mirrors Cognito and that the API accepts', async () => {
    const { verifier, challenge } = pkce();
    const callback = await signIn(browser(), challenge, 'member@example.com');
    expect(callback.searchParams.get('state')).toBe('state-123');
    const tokens = await exchange(callback.searchParams.get('code') ?? '', verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, id_token: expect.any(String) });

    const accessToken = String(tokens.body.access_token);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: expect.any(String) });
    const claims = decodeJwt(accessToken);
    expect(claims).toMatchObject({
      iss: t.runtime.issuer,
      aud: 'ownstack-web',
      client_id: 'ownstack-web',
      sub: '6f1c2a4e-0b7d-4c61-9a51-000000000002',
      email: 'member@example.com',
      email_verified: true,
      name: 'Max Member',
      scope: 'openid email profile',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);

    const me = await fetch(`${t.runtime.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email: 'member@example.com', role: 'member' } });

    const userinfo = await fetch(`${t.runtime.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await userinfo.json()).toEqual({ sub: claims.sub, email: 'member@example.com', email_verified: true, name: 'Max Member' });
  });

  it('issues the same token shape from tokenFor() as from the sign-in flow', async () => {
    const claims = decodeJwt(await t.runtime.tokenFor('member@example.com'));
    expect(Object.keys(claims).sort()).toEqual(['aud', 'client_id', 'email', 'email_verified', 'exp', 'iat', 'iss', 'jti', 'name', 'scope', 'sub']);
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    const callback = await signIn(browser(), pkce().challenge, 'owner@example.com');
    const tokens = await exchange(callback.searchParams.get('code') ?? '', pkce().verifier);
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('requires PKCE and refuses unregistered redirect URIs', async () => {
    const withoutPkce = await fetch(authorizeUrl(undefined), { redirect: 'manual' });
    expect(withoutPkce.headers.get('location')).toContain('error=invalid_request');

    const elsewhere = await fetch(authorizeUrl(pkce().challenge, { redirect_uri: 'https://attacker.example/callback' }), { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('<html lang="en">');
  });

  it('shows an accessible sign-out confirmation and lands on the app afterwards', async () => {
    const request = browser();
    await signIn(request, pkce().challenge, 'owner@example.com');
    const page = await request(`${t.runtime.issuer}/session/end?client_id=ownstack-web&post_logout_redirect_uri=${encodeURIComponent(`${t.runtime.url}/`)}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Sign out of Ownstack?</h1>');

    const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const confirm = await request(absolute(action), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(`${t.runtime.url}/`);
  });

  it('refuses userinfo without a valid access token', async () => {
    const response = await fetch(`${t.runtime.issuer}/me`, { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
