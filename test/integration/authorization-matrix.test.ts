/**
 * The authorization matrix: every route of the route table × every role × API keys of
 * several scopes, through the real router on DynamoDB Local, asserting the exact status.
 * A route added to the table without a row here fails the first test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../functions/authz/actions.js';
import { issueApiKey } from '../../functions/apikeys/domain.js';
import { domainEvent } from '../../functions/events/domain.js';
import { newGroup } from '../../functions/groups/domain.js';
import type { User } from '../../functions/identity/domain.js';
import type { IdentityProviderAdmin } from '../../functions/identity/idp.js';
import { newInvitation } from '../../functions/identity/membership.js';
import { isPublic, routeKeyOf } from '../../functions/platform/route.js';
import { createRouter } from '../../functions/platform/router.js';
import type { Role } from '../../functions/platform/principal.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';

type Request = { params?: Record<string, string>; body?: unknown; query?: Record<string, string> };
type Fixture = (s: Services) => Promise<Request>;

const ORDER: Role[] = ['viewer', 'member', 'admin', 'owner'];
const anyone = (role: Role) => ORDER.indexOf(role) >= 0;
const atLeast = (min: Role) => (role: Role) => ORDER.indexOf(role) >= ORDER.indexOf(min);

const recordingIdp = (): IdentityProviderAdmin => ({
  invite: async () => {},
  resendInvitation: async () => {},
  cancelInvitation: async () => {},
  disable: async () => {},
  enable: async () => {},
});
const system = { userId: 'system', via: 'system' as const };
const eventFor = (s: Services) => domainEvent({ type: 'test.fixture', actor: system, subject: { kind: 'test', id: 'x' }, data: {} }, s);

async function aPerson(s: Services, overrides: Partial<User> = {}): Promise<User> {
  const id = randomUUID();
  const user: User = {
    userId: id,
    email: `${id.slice(0, 8)}@example.com`,
    displayName: 'Someone',
    role: 'member',
    status: 'active',
    createdAt: new Date().toISOString(),
    groupIds: [],
    ...overrides,
  };
  await s.users.createWithEvent(user, eventFor(s));
  return user;
}
async function aGroup(s: Services, memberId?: string) {
  const group = newGroup(`team ${randomUUID().slice(0, 6)}`, s.ids.next(), new Date());
  await s.groups.create(group, eventFor(s));
  return memberId ? s.groups.addMember(group, memberId, eventFor(s)) : group;
}
async function anInvitation(s: Services) {
  const invitation = newInvitation({ email: `${randomUUID().slice(0, 8)}@example.com`, role: 'member' }, 'system', new Date());
  await s.invitations.create(invitation, eventFor(s), new Date());
  return invitation;
}

/** What each route needs to succeed, and who may call it. Written by hand, on purpose. */
const MATRIX: Record<string, { allowed: (role: Role) => boolean; scope: Scope | 'none'; fixture: Fixture }> = {
  getHealth: { allowed: anyone, scope: 'none', fixture: async () => ({}) },
  getOpenApi: { allowed: anyone, scope: 'none', fixture: async () => ({}) },
  getMe: { allowed: anyone, scope: 'read', fixture: async () => ({}) },
  listMembers: { allowed: atLeast('member'), scope: 'read', fixture: async () => ({ query: { limit: '10' } }) },
  changeMemberRole: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { userId: (await aPerson(s)).userId }, body: { role: 'viewer' } }),
  },
  deactivateMember: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { userId: (await aPerson(s)).userId } }) },
  reactivateMember: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { userId: (await aPerson(s, { status: 'deactivated' })).userId } }),
  },
  listInvitations: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({}) },
  inviteMember: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async () => ({ body: { email: `${randomUUID().slice(0, 8)}@example.com`, role: 'member' } }),
  },
  resendInvitation: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { email: (await anInvitation(s)).email } }) },
  revokeInvitation: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { email: (await anInvitation(s)).email } }) },
  listGroups: { allowed: atLeast('member'), scope: 'read', fixture: async () => ({}) },
  createGroup: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ body: { name: 'Support' } }) },
  renameGroup: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { groupId: (await aGroup(s)).groupId }, body: { name: 'Renamed' } }),
  },
  deleteGroup: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { groupId: (await aGroup(s)).groupId } }) },
  addGroupMember: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { groupId: (await aGroup(s)).groupId, userId: (await aPerson(s)).userId } }),
  },
  removeGroupMember: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => {
      const person = await aPerson(s);
      return { params: { groupId: (await aGroup(s, person.userId)).groupId, userId: person.userId } };
    },
  },
  listApiKeys: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({}) },
  createApiKey: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ body: { name: 'ci', scopes: ['read'], expiresInDays: 30 } }) },
  revokeApiKey: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => {
      const { key } = issueApiKey({ name: 'victim', scopes: ['read'], expiresInDays: 1, createdBy: 'system' }, s.ids.next(), new Date());
      await s.apiKeys.create(key, eventFor(s));
      return { params: { keyId: key.keyId } };
    },
  },
  getSecuritySettings: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({}) },
  updateSecuritySettings: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ body: { requireMfaForAdmin: false } }) },
  updatePolicies: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ body: { policies: '', expectedVersion: (await s.settings.get()).policiesVersion } }),
  },
  explainDecision: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ body: { userId: (await aPerson(s)).userId, action: 'self:read' } }) },
};

let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
const actors = {} as Record<Role, User>;

beforeAll(async () => {
  table = await createTestTable('matrix');
  services = createServices(table.config, { db: table.db, idp: recordingIdp() });
  router = createRouter(routes, { services, logger: silentLogger() });
  for (const role of ORDER) actors[role] = await aPerson(services, { role });
});

afterAll(async () => {
  await table.drop();
});

type Credential = { kind: 'session'; user: User } | { kind: 'key'; token: string } | { kind: 'none' };

async function call(route: (typeof routes)[number], credential: Credential, request: Request) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (credential.kind === 'key') headers.authorization = `Bearer ${credential.token}`;
  const event = anApiEvent(routeKeyOf(route), {
    headers,
    pathParameters: request.params,
    queryStringParameters: request.query,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    ...(credential.kind === 'session' ? { claims: { sub: credential.user.userId, email: credential.user.email } } : {}),
  });
  return router.handle(event);
}

async function keyFor(creator: User, scopes: Scope[]) {
  const { key, token } = issueApiKey({ name: 'matrix', scopes, expiresInDays: 1, createdBy: creator.userId }, services.ids.next(), new Date());
  await services.apiKeys.create(key, eventFor(services));
  return token;
}

const successOf = (route: (typeof routes)[number]) => route.status ?? 200;
let cells = 0;

describe('authorization matrix', () => {
  it('has a row for every route in the route table, and no row for a route that is gone', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  for (const route of routes) {
    const row = MATRIX[route.operationId];
    if (!row) continue;
    describe(routeKeyOf(route), () => {
      for (const role of ORDER) {
        it(`answers a ${role} with ${row.allowed(role) ? 'success' : '403'}`, async () => {
          const result = await call(route, { kind: 'session', user: actors[role] }, await row.fixture(services));
          cells++;
          expect(result.statusCode, result.body).toBe(row.allowed(role) ? successOf(route) : 403);
        });
      }

      if (!isPublic(route)) {
        it('refuses a caller without credentials with 401', async () => {
          cells++;
          expect((await call(route, { kind: 'none' }, await row.fixture(services))).statusCode).toBe(401);
        });

        it('lets an admin’s read-only key do only what the read scope covers', async () => {
          const token = await keyFor(actors.admin, ['read']);
          const result = await call(route, { kind: 'key', token }, await row.fixture(services));
          cells++;
          expect(result.statusCode, result.body).toBe(row.scope === 'read' && row.allowed('admin') ? successOf(route) : 403);
        });

        it('never lets a viewer’s all-scopes key exceed the viewer', async () => {
          const token = await keyFor(actors.viewer, ['read', 'write', 'admin']);
          const result = await call(route, { kind: 'key', token }, await row.fixture(services));
          cells++;
          expect(result.statusCode, result.body).toBe(row.allowed('viewer') ? successOf(route) : 403);
        });
      }
    });
  }

  it('gives someone without access the same answer whether the object exists or not', async () => {
    const route = routes.find((r) => r.operationId === 'changeMemberRole');
    if (!route) throw new Error('changeMemberRole is not in the route table');
    const existing = await call(route, { kind: 'session', user: actors.member }, { params: { userId: actors.viewer.userId }, body: { role: 'admin' } });
    const missing = await call(route, { kind: 'session', user: actors.member }, { params: { userId: 'no-such-user' }, body: { role: 'admin' } });
    expect([existing.statusCode, missing.statusCode]).toEqual([403, 403]);
    expect(JSON.parse(existing.body).detail).toBe(JSON.parse(missing.body).detail);
  });

  it('counted the cells it tested', () => {
    // Printed for the closing note; the assertion keeps the matrix from silently shrinking.
    console.info(`authorization matrix: ${cells} cells`);
    expect(cells).toBeGreaterThanOrEqual(routes.length * 4);
  });
});
