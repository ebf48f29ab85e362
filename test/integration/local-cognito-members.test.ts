/**
 * Member management through the whole local runtime: the API function's Cognito adapter
 * reaches the local stand-in, so who can sign in at the local provider follows what the
 * app decided (invite, resend, deactivate, reactivate, revoke), as it does with Cognito.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { type Browser, browser } from '../support/browserless.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The name of the AWS error a call failed with. */
async function awsErrorName(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return (error as { name: string }).name;
  }
  throw new Error('The call succeeded; an error was expected.');
}

describe('member management through the whole runtime', () => {
  let t: TestRuntime;
  let cognito: CognitoIdentityProviderClient;
  let ownerToken: string;

  beforeAll(async () => {
    t = await startTestRuntime('cognito');
    cognito = new CognitoIdentityProviderClient({ endpoint: t.runtime.aws.cognitoEndpoint, region: 'local', credentials });
    ownerToken = await t.runtime.tokenFor('owner@example.com');
  });

  afterAll(async () => {
    cognito?.destroy();
    await t?.stop();
  });

  const api = async (method: string, path: string, token = ownerToken, body?: unknown) => {
    const response = await fetch(`${t.runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const memberIdOf = async (email: string) => {
    const members = await api('GET', '/api/members?limit=100');
    const items = (members.body?.items ?? []) as { id: string; email: string }[];
    return items.find((m) => m.email === email)?.id ?? 'not-a-member';
  };
  const poolUser = (email: string) => cognito.send(new AdminGetUserCommand({ UserPoolId: t.runtime.aws.userPoolId, Username: email }));

  const absolute = (location: string | null) => new URL(location ?? '', t.runtime.url).href;
  const isCallback = (url: string) => url.startsWith(`${t.runtime.url}/auth/callback`);

  /** Follows redirects by hand until the app's callback (returned) or a page (returned as HTML). */
  async function follow(request: Browser, first: Response): Promise<{ callback: URL } | { html: string }> {
    let response = first;
    for (let hops = 0; hops < 6 && response.status >= 300 && response.status < 400; hops++) {
      const next = absolute(response.headers.get('location'));
      if (isCallback(next)) return { callback: new URL(next) };
      response = await request(next);
    }
    return { html: await response.text() };
  }

  /** Starts a code + PKCE sign-in; a browser with a provider session may go straight to the callback. */
  async function startSignIn(request: Browser) {
    const verifier = randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      client_id: 'ownstack-web',
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: `${t.runtime.url}/auth/callback`,
      state: 'state-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    return { verifier, outcome: await follow(request, await request(`${t.runtime.issuer}/auth?${params}`)) };
  }

  /** Submits the sign-in page; returns the callback or the page shown again. */
  async function submit(request: Browser, signInPage: string, email: string) {
    const action = absolute(/action="([^"]+)"/.exec(signInPage)?.[1] ?? null);
    const response = await request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: 'ownstack-dev' }).toString(),
    });
    return follow(request, response);
  }

  async function exchange(callback: URL, verifier: string): Promise<string> {
    const response = await fetch(`${t.runtime.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: `${t.runtime.url}/auth/callback`,
        client_id: 'ownstack-web',
        code_verifier: verifier,
      }).toString(),
    });
    const body = (await response.json()) as { access_token?: string; error?: string };
    if (!body.access_token) throw new Error(`Token exchange failed: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** The whole browser-less sign-in with the local password; returns an access token. */
  async function signIn(request: Browser, email: string): Promise<string> {
    const { verifier, outcome } = await startSignIn(request);
    const done = 'callback' in outcome ? outcome : await submit(request, outcome.html, email);
    if (!('callback' in done)) throw new Error(`Sign-in of ${email} was refused: ${done.html}`);
    return exchange(done.callback, verifier);
  }

  it('points the handlers at the stand-in: an invitation creates the person in the pool', async () => {
    const invited = await api('POST', '/api/invitations', ownerToken, { email: 'new@example.com', role: 'admin' });
    expect(invited.status).toBe(201);
    expect(await poolUser('new@example.com')).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
  });

  it('resends a pending invitation', async () => {
    const resent = await api('POST', `/api/invitations/${encodeURIComponent('new@example.com')}/resend`);
    expect(resent.status).toBe(200);
    expect((await poolUser('new@example.com')).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
  });

  it('lets the invitee sign in with the local password, with the invited role, and confirms the account', async () => {
    const token = await signIn(browser(), 'new@example.com');
    const me = await api('GET', '/api/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: 'new@example.com', role: 'admin' } });
    expect((await poolUser('new@example.com')).UserStatus).toBe('CONFIRMED');
  });

  it('refuses sign-in, silent sessions and tokenFor once the member is deactivated; the old token gets 401', async () => {
    const request = browser();
    const token = await signIn(request, 'new@example.com');
    // The provider session signs them in again without a page: the path deactivation must close.
    const silent = await startSignIn(request);
    expect('callback' in silent.outcome).toBe(true);

    const id = await memberIdOf('new@example.com');
    expect((await api('POST', `/api/members/${id}/deactivate`)).status).toBe(200);
    expect((await poolUser('new@example.com')).Enabled).toBe(false);

    expect((await api('GET', '/api/me', token)).status).toBe(401);
    const again = await startSignIn(request);
    if (!('html' in again.outcome)) throw new Error('A deactivated member was signed in silently.');
    const refused = await submit(request, again.outcome.html, 'new@example.com');
    if (!('html' in refused)) throw new Error('A deactivated member was signed in.');
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('This account is disabled.');
    await expect(t.runtime.tokenFor('new@example.com')).rejects.toThrow(/disabled/);
  });

  it('ends the provider session on a global sign-out, so the next sign-in shows the page again', async () => {
    const request = browser();
    await signIn(request, 'member@example.com');
    expect('callback' in (await startSignIn(request)).outcome).toBe(true);

    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: t.runtime.aws.userPoolId, Username: 'member@example.com' }));
    const after = await startSignIn(request);
    if (!('html' in after.outcome)) throw new Error('The session survived the global sign-out.');
    expect(after.outcome.html).toContain('<h1>Sign in to Ownstack</h1>');
  });

  it('asks a disabled account with a live provider session to sign in again, and refuses it', async () => {
    const pool = t.runtime.aws.userPoolId;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'session@example.com', MessageAction: 'SUPPRESS' }));
    const request = browser();
    await signIn(request, 'session@example.com');

    // Disabled only, no global sign-out: the session still exists but must not be used.
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: pool, Username: 'session@example.com' }));
    const after = await startSignIn(request);
    if (!('html' in after.outcome)) throw new Error('A disabled account was signed in from its session.');
    expect(after.outcome.html).toContain('<h1>Sign in to Ownstack</h1>');
    expect(after.outcome.html).not.toContain('session@example.com');
    const refused = await submit(request, after.outcome.html, 'session@example.com');
    expect('html' in refused && refused.html).toContain('This account is disabled.');
  });

  it('lets a reactivated member sign in again', async () => {
    const id = await memberIdOf('new@example.com');
    expect((await api('POST', `/api/members/${id}/reactivate`)).status).toBe(200);
    const token = await signIn(browser(), 'new@example.com');
    expect((await api('GET', '/api/me', token)).body).toMatchObject({ user: { email: 'new@example.com', role: 'admin' } });
  });

  it('gives an invitee who has not signed in a token from tokenFor, and removes them when the invitation is revoked', async () => {
    expect((await api('POST', '/api/invitations', ownerToken, { email: 'later@example.com', role: 'member' })).status).toBe(201);
    await expect(t.runtime.tokenFor('later@example.com')).resolves.toMatch(/^ey/);

    expect((await api('DELETE', `/api/invitations/${encodeURIComponent('later@example.com')}`)).status).toBe(204);
    expect(await awsErrorName(poolUser('later@example.com'))).toBe('UserNotFoundException');
    await expect(t.runtime.tokenFor('later@example.com')).rejects.toThrow(/No seeded user or invited account/);
  });
});
