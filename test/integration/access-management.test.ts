/**
 * Managing people, keys and policies end to end through the router on DynamoDB Local:
 * the invariants an organization's admins rely on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityEntitlements } from '../../functions/entitlements/domain.js';
import { domainEvent } from '../../functions/events/domain.js';
import type { User } from '../../functions/identity/domain.js';
import type { IdentityProviderAdmin } from '../../functions/identity/idp.js';
import type { Role } from '../../functions/platform/principal.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';

let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
const idpCalls: string[] = [];

const recordingIdp: IdentityProviderAdmin = {
  invite: async (email) => void idpCalls.push(`invite ${email}`),
  resendInvitation: async (email) => void idpCalls.push(`resend ${email}`),
  cancelInvitation: async (email) => void idpCalls.push(`cancel ${email}`),
  disable: async (email) => void idpCalls.push(`disable ${email}`),
  enable: async (email) => void idpCalls.push(`enable ${email}`),
};

async function person(role: Role, status: User['status'] = 'active'): Promise<User> {
  const id = randomUUID();
  const user: User = {
    userId: id,
    email: `${id.slice(0, 8)}@example.com`,
    displayName: `P ${id.slice(0, 4)}`,
    role,
    status,
    createdAt: new Date().toISOString(),
    groupIds: [],
  };
  const event = domainEvent({ type: 'test.seeded', actor: { userId: 'system', via: 'system' }, subject: { kind: 'user', id }, data: {} }, services);
  await services.users.createWithEvent(user, event, { ownerDelta: role === 'owner' && status === 'active' ? 1 : 0 });
  return user;
}

type As = { session: User } | { key: string } | { claims: Record<string, string> };
async function send(as: As, routeKey: string, init: { params?: Record<string, string>; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if ('key' in as) headers.authorization = `Bearer ${as.key}`;
  const claims = 'session' in as ? { sub: as.session.userId, email: as.session.email } : 'claims' in as ? as.claims : undefined;
  const result = await router.handle(
    anApiEvent(routeKey, {
      headers,
      pathParameters: init.params,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      ...(claims ? { claims } : {}),
    }),
  );
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

beforeAll(async () => {
  table = await createTestTable('access');
  // Many people come and go here; seat limits are tested in licensing.test.ts.
  services = createServices(table.config, { db: table.db, idp: recordingIdp, entitlements: async () => ({ ...communityEntitlements(), seats: 1_000 }) });
  router = createRouter(routes, { services, logger: silentLogger() });
});
afterAll(async () => table.drop());

describe('owners', () => {
  it('never lets the last active owner go, even when two admins demote the two owners at once', async () => {
    const [a, b, owner] = [await person('owner'), await person('owner'), await person('owner')];
    // Three owners; demote two concurrently by a third: both succeed, the third owner remains.
    const results = await Promise.all([
      send({ session: owner }, 'PATCH /api/members/{userId}', { params: { userId: a.userId }, body: { role: 'admin' } }),
      send({ session: owner }, 'PATCH /api/members/{userId}', { params: { userId: b.userId }, body: { role: 'admin' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    // Now the owners count includes the earlier tests' owners; make `owner` the only one and try to remove them.
    const others = (await services.users.list({ limit: 100 })).items.filter((u) => u.role === 'owner' && u.status === 'active' && u.userId !== owner.userId);
    for (const other of others) await send({ session: owner }, 'PATCH /api/members/{userId}', { params: { userId: other.userId }, body: { role: 'admin' } });
    const lastOwnerDemotedBySomeoneElse = await person('owner');
    // Two owners now (owner + new). Both try to demote each other at the same moment: exactly one wins.
    const race = await Promise.all([
      send({ session: owner }, 'PATCH /api/members/{userId}', { params: { userId: lastOwnerDemotedBySomeoneElse.userId }, body: { role: 'member' } }),
      send({ session: lastOwnerDemotedBySomeoneElse }, 'PATCH /api/members/{userId}', { params: { userId: owner.userId }, body: { role: 'member' } }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const owners = (await services.users.list({ limit: 100 })).items.filter((u) => u.role === 'owner' && u.status === 'active');
    expect(owners).toHaveLength(1);
  });

  it('lets only an owner give the owner role', async () => {
    const [admin, member] = [await person('admin'), await person('member')];
    expect((await send({ session: admin }, 'PATCH /api/members/{userId}', { params: { userId: member.userId }, body: { role: 'owner' } })).status).toBe(403);
    expect((await send({ session: admin }, 'PATCH /api/members/{userId}', { params: { userId: member.userId }, body: { role: 'admin' } })).status).toBe(200);
  });
});

describe('deactivation', () => {
  it('refuses a deactivated person at once, signs them out at the IdP, and lets them back on reactivation', async () => {
    const [admin, member] = [await person('admin'), await person('member')];
    expect((await send({ session: member }, 'GET /api/me')).status).toBe(200);
    expect((await send({ session: admin }, 'POST /api/members/{userId}/deactivate', { params: { userId: member.userId } })).body).toMatchObject({
      status: 'deactivated',
    });
    expect(idpCalls).toContain(`disable ${member.email}`);
    // The token has not expired; the table says no.
    expect((await send({ session: member }, 'GET /api/me')).status).toBe(401);
    await send({ session: admin }, 'POST /api/members/{userId}/reactivate', { params: { userId: member.userId } });
    expect(idpCalls).toContain(`enable ${member.email}`);
    expect((await send({ session: member }, 'GET /api/me')).status).toBe(200);
  });

  it('refuses to deactivate oneself', async () => {
    const admin = await person('admin');
    expect((await send({ session: admin }, 'POST /api/members/{userId}/deactivate', { params: { userId: admin.userId } })).status).toBe(409);
  });
});

describe('invitations', () => {
  it('gives the invited role at first sign-in and marks the invitation accepted', async () => {
    const admin = await person('admin');
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    expect((await send({ session: admin }, 'POST /api/invitations', { body: { email, role: 'viewer' } })).status).toBe(201);
    expect(idpCalls).toContain(`invite ${email}`);
    expect((await send({ session: admin }, 'POST /api/invitations', { body: { email, role: 'viewer' } })).status).toBe(409);
    const me = await send({ claims: { sub: randomUUID(), email } }, 'GET /api/me');
    expect(me.body.user.role).toBe('viewer');
    expect((await services.invitations.get(email))?.status).toBe('accepted');
  });

  it('revokes a pending invitation and cancels it at the IdP; a revoked one cannot be revoked again', async () => {
    const admin = await person('admin');
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    await send({ session: admin }, 'POST /api/invitations', { body: { email, role: 'member' } });
    expect((await send({ session: admin }, 'DELETE /api/invitations/{email}', { params: { email: encodeURIComponent(email) } })).status).toBe(204);
    expect(idpCalls).toContain(`cancel ${email}`);
    expect((await send({ session: admin }, 'DELETE /api/invitations/{email}', { params: { email } })).status).toBe(404);
  });
});

describe('API keys', () => {
  it('shows the secret once, works within its scope, and is refused at once after revocation', async () => {
    const admin = await person('admin');
    const created = await send({ session: admin }, 'POST /api/api-keys', { body: { name: 'ci', scopes: ['read'], expiresInDays: 30 } });
    expect(created.status).toBe(201);
    const { secret, key } = created.body;
    const listed = await send({ session: admin }, 'GET /api/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(secret.split('_')[2]);
    expect((await send({ key: secret }, 'GET /api/members')).status).toBe(200);
    expect((await send({ key: secret }, 'POST /api/groups', { body: { name: 'x' } })).status).toBe(403);
    expect((await services.apiKeys.get(key.id))?.lastUsedAt).toBeDefined();
    expect((await send({ session: admin }, 'DELETE /api/api-keys/{keyId}', { params: { keyId: key.id } })).status).toBe(204);
    expect((await send({ key: secret }, 'GET /api/members')).status).toBe(401);
  });

  it('refuses a key whose creator was deactivated, and a tampered key', async () => {
    const [owner, admin] = [await person('owner'), await person('admin')];
    const { secret } = (await send({ session: admin }, 'POST /api/api-keys', { body: { name: 'x', scopes: ['read'], expiresInDays: 1 } })).body;
    expect((await send({ key: `${secret.slice(0, -2)}xx` }, 'GET /api/members')).status).toBe(401);
    await send({ session: owner }, 'POST /api/members/{userId}/deactivate', { params: { userId: admin.userId } });
    expect((await send({ key: secret }, 'GET /api/members')).status).toBe(401);
  });

  it('does not take a JWT-looking bearer for a session when no authorizer verified it', async () => {
    expect((await send({ key: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }, 'GET /api/me')).status).toBe(401);
  });
});

describe('the installation’s own policies', () => {
  it('applies a saved forbid at once, refuses permits, schema errors and stale saves, and explains the decision', async () => {
    const [admin, member] = [await person('admin'), await person('member')];
    const group = (await send({ session: admin }, 'POST /api/groups', { body: { name: 'Contractors' } })).body;
    const added = await send({ session: admin }, 'PUT /api/groups/{groupId}/members/{userId}', { params: { groupId: group.id, userId: member.userId } });
    expect(added.body).toMatchObject({ memberIds: [member.userId] });
    const { policiesVersion } = (await send({ session: admin }, 'GET /api/security')).body;

    const permit = await send({ session: admin }, 'PUT /api/security/policies', {
      body: { policies: '@id("x")\npermit (principal, action, resource);', expectedVersion: policiesVersion },
    });
    expect(permit.status).toBe(400);
    const broken = await send({ session: admin }, 'PUT /api/security/policies', {
      body: { policies: 'forbid (principal, action == Ownstack::Action::"nope", resource);', expectedVersion: policiesVersion },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors.length).toBeGreaterThan(0);

    const forbid = `@id("contractors-no-directory")\nforbid (principal in Ownstack::Group::"${group.id}", action == Ownstack::Action::"members:read", resource);`;
    expect((await send({ session: member }, 'GET /api/members')).status).toBe(200);
    expect((await send({ session: admin }, 'PUT /api/security/policies', { body: { policies: forbid, expectedVersion: policiesVersion } })).status).toBe(200);
    expect((await send({ session: member }, 'GET /api/members')).status).toBe(403);
    expect((await send({ session: admin }, 'PUT /api/security/policies', { body: { policies: '', expectedVersion: policiesVersion } })).status).toBe(412);

    const why = await send({ session: admin }, 'POST /api/authz/explain', { body: { userId: member.userId, action: 'members:read' } });
    expect(why.body).toMatchObject({ allowed: false, policies: [{ id: 'contractors-no-directory', effect: 'forbid' }] });
    const events = (await table.items()).filter((i) => i.entity === 'OutboxEvent').map((i) => (i.event as { type: string }).type);
    expect(events).toContain('security.policies.changed');
  });

  it('requires a second factor for administration once switched on', async () => {
    const admin = await person('admin');
    const { policiesVersion } = (await send({ session: admin }, 'GET /api/security')).body;
    expect(policiesVersion).toBeGreaterThanOrEqual(0);
    expect((await send({ session: admin }, 'PUT /api/security/settings', { body: { requireMfaForAdmin: true } })).status).toBe(409);
    const withMfa = { claims: { sub: admin.userId, email: admin.email, amr: 'mfa' } };
    expect((await send(withMfa, 'PUT /api/security/settings', { body: { requireMfaForAdmin: true } })).status).toBe(200);
    expect((await send({ session: admin }, 'GET /api/api-keys')).status).toBe(403);
    expect((await send({ claims: { sub: admin.userId, email: admin.email, amr: 'mfa' } }, 'GET /api/api-keys')).status).toBe(200);
    await send({ claims: { sub: admin.userId, email: admin.email, amr: 'mfa' } }, 'PUT /api/security/settings', { body: { requireMfaForAdmin: false } });
  });
});
