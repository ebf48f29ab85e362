/**
 * The local stand-in for Cognito's user pool admin API: the official SDK client works
 * against it unchanged, with Cognito's statuses and error names, and the user store it
 * writes survives a restart. Through the whole runtime: local-cognito-members.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoEndpoint } from '../../functions/local/cognito-endpoint.js';
import type { LocalLog } from '../../functions/local/log.js';
import { type LocalAccounts, openAccounts, readAccounts } from '../../functions/local/oidc/accounts.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const POOL = 'local_test';

const invite = (email: string, extra: { MessageAction?: 'RESEND' | 'SUPPRESS' } = {}) =>
  new AdminCreateUserCommand({
    UserPoolId: POOL,
    Username: email,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ],
    DesiredDeliveryMediums: ['EMAIL'],
    ...extra,
  });

/** The AWS error an SDK call failed with: its name and HTTP status. */
async function awsError(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('The call succeeded; an error was expected.');
}

describe('the Cognito admin API (AWS JSON 1.1) with @aws-sdk/client-cognito-identity-provider', () => {
  let dataDir: string;
  let accounts: LocalAccounts;
  let server: Server;
  let cognito: CognitoIdentityProviderClient;
  let endpoint: string;
  const logged: string[] = [];
  const endedSessionsOf: string[] = [];
  const log: LocalLog = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ownstack-cognito-'));
    accounts = openAccounts(dataDir);
    const handle = createCognitoEndpoint({
      accounts,
      userPoolId: POOL,
      signInUrl: 'http://localhost:3000',
      endSessionsOf: async (sub) => void endedSessionsOf.push(sub),
      log,
    });
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/_local/cognito`;
    cognito = new CognitoIdentityProviderClient({ endpoint, region: 'local', credentials });
  });

  afterAll(async () => {
    cognito?.destroy();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an invited user in FORCE_CHANGE_PASSWORD and logs the invitation email once', async () => {
    logged.length = 0;
    const created = await cognito.send(invite('Ada@Example.com'));
    expect(created.User).toMatchObject({ Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD', Username: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(created.User?.UserCreateDate).toBeInstanceOf(Date);
    expect(created.User?.Attributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'ada@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'sub', Value: created.User?.Username },
      ]),
    );
    expect(logged).toEqual(['invitation email to ada@example.com: sign in at http://localhost:3000 with password ownstack-dev']);
  });

  it('refuses a second account for the same email, in any case, with UsernameExistsException', async () => {
    await cognito.send(invite('twice@example.com'));
    expect(await awsError(cognito.send(invite('TWICE@example.com')))).toEqual({ name: 'UsernameExistsException', status: 400 });
  });

  it('sends the invitation again on RESEND, only to someone who has not signed in yet', async () => {
    await cognito.send(invite('resend@example.com'));
    logged.length = 0;
    const resent = await cognito.send(invite('resend@example.com', { MessageAction: 'RESEND' }));
    expect(resent.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(logged).toEqual(['invitation email to resend@example.com: sign in at http://localhost:3000 with password ownstack-dev']);

    expect(await awsError(cognito.send(invite('owner@example.com', { MessageAction: 'RESEND' })))).toEqual({
      name: 'UnsupportedUserStateException',
      status: 400,
    });
    expect(await awsError(cognito.send(invite('nobody@example.com', { MessageAction: 'RESEND' })))).toEqual({ name: 'UserNotFoundException', status: 400 });
  });

  it('sends nothing with SUPPRESS', async () => {
    logged.length = 0;
    await cognito.send(invite('quiet@example.com', { MessageAction: 'SUPPRESS' }));
    expect(logged).toEqual([]);
  });

  it('describes a user by email or by sub, seeded ones included', async () => {
    const owner = await cognito.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'owner@example.com' }));
    expect(owner).toMatchObject({ UserStatus: 'CONFIRMED', Enabled: true, Username: '6f1c2a4e-0b7d-4c61-9a51-000000000001' });
    expect(owner.UserAttributes).toContainEqual({ Name: 'name', Value: 'Olivia Owner' });
    const bySub = await cognito.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: owner.Username }));
    expect(bySub.UserAttributes).toEqual(owner.UserAttributes);
  });

  it('disables and enables a user', async () => {
    await cognito.send(invite('toggle@example.com'));
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'toggle@example.com' }));
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'toggle@example.com' }))).Enabled).toBe(false);
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: POOL, Username: 'toggle@example.com' }));
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'toggle@example.com' }))).Enabled).toBe(true);
  });

  it('ends the provider sessions of the user on a global sign-out', async () => {
    endedSessionsOf.length = 0;
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: 'member@example.com' }));
    expect(endedSessionsOf).toEqual(['6f1c2a4e-0b7d-4c61-9a51-000000000002']);
  });

  it('deletes a user, who is then UserNotFoundException everywhere', async () => {
    await cognito.send(invite('gone@example.com'));
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: 'gone@example.com' }));
    for (const command of [
      new AdminGetUserCommand({ UserPoolId: POOL, Username: 'gone@example.com' }),
      new AdminDeleteUserCommand({ UserPoolId: POOL, Username: 'gone@example.com' }),
      new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'gone@example.com' }),
      new AdminEnableUserCommand({ UserPoolId: POOL, Username: 'gone@example.com' }),
      new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: 'gone@example.com' }),
    ]) {
      expect(await awsError(cognito.send(command as never))).toEqual({ name: 'UserNotFoundException', status: 400 });
    }
  });

  it('refuses another pool with ResourceNotFoundException and a username that is not an email', async () => {
    const otherPool = new AdminGetUserCommand({ UserPoolId: 'eu-west-1_other', Username: 'owner@example.com' });
    expect(await awsError(cognito.send(otherPool))).toEqual({ name: 'ResourceNotFoundException', status: 400 });
    expect(await awsError(cognito.send(invite('not-an-email')))).toEqual({ name: 'InvalidParameterException', status: 400 });
  });

  it('answers an operation it does not implement with 400 UnknownOperationException', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' },
      body: JSON.stringify({ UserPoolId: POOL }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('keeps invited and disabled users in users.json across a restart, and puts deleted seeds back', async () => {
    await cognito.send(invite('kept@example.com'));
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'member@example.com' }));
    const member = accounts.byEmail('member@example.com');
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: 'owner@example.com' }));

    const reopened = openAccounts(dataDir);
    expect(reopened.byEmail('kept@example.com')).toMatchObject({ status: 'FORCE_CHANGE_PASSWORD', enabled: true });
    expect(reopened.byEmail('member@example.com')).toEqual(member);
    expect(reopened.byEmail('owner@example.com')).toMatchObject({ sub: '6f1c2a4e-0b7d-4c61-9a51-000000000001', status: 'CONFIRMED', enabled: true });
    expect(readAccounts(dataDir).map((a) => a.email)).toContain('kept@example.com');
  });
});
