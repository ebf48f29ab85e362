/**
 * The authorization matrix: every route of the route table × every role × API keys of
 * several scopes, through the real router on DynamoDB Local, asserting the exact status.
 * A route added to the table without a row here fails the first test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../functions/authz/actions.js';
import { issueApiKey } from '../../functions/apikeys/domain.js';
import { newDocument, trashedDocument } from '../../functions/documents/domain.js';
import { communityEntitlements } from '../../functions/entitlements/domain.js';
import { parseEventData } from '../../functions/events/catalog.js';
import { type DomainEvent, domainEvent } from '../../functions/events/domain.js';
import { OUTBOX_ENTITY } from '../../functions/events/outbox.js';
import { newGroup } from '../../functions/groups/domain.js';
import type { User } from '../../functions/identity/domain.js';
import type { IdentityProviderAdmin } from '../../functions/identity/idp.js';
import { newInvitation } from '../../functions/identity/membership.js';
import { isPublic, routeKeyOf } from '../../functions/platform/route.js';
import { archived, newProject, ownerGrant, trashed } from '../../functions/projects/domain.js';
import { createRouter } from '../../functions/platform/router.js';
import type { Role } from '../../functions/platform/principal.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { aJob, anAttachment } from './exports-matrix-fixtures.js';
import { type LocalS3, startLocalS3 } from './local-s3-server.js';
import { aPendingUpgrade } from './updates-fixtures.js';
import { aFlag, aFlagBody } from './flags-fixtures.js';
import { ACTIVATION_CODE, connected, disconnected, type StandInControlPlane, startStandInControlPlane } from './licensing-control-plane.js';
import { licenseKeys } from '../support/licenses.js';

type Request = { params?: Record<string, string>; body?: unknown; query?: Record<string, string>; headers?: Record<string, string> };
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

/**
 * Projects and documents for the matrix: the member and the viewer hold the owner role on
 * them (admins and owners act as owners anyway), so a cell's answer shows what the
 * caller's installation role and key allow, not whether they were granted.
 */
const UNLIMITED = 1_000_000;
async function loadedProject(s: Services, projectId: string) {
  const loaded = await s.projects.get(projectId);
  if (!loaded) throw new Error(`fixture project ${projectId} is gone`);
  return loaded;
}
async function aProject(s: Services, state: 'active' | 'archived' | 'trashed' = 'active') {
  const now = new Date();
  const project = newProject({ name: `matrix ${randomUUID().slice(0, 6)}`, description: '' }, s.ids.next(), actors.member, now);
  await s.projects.create(project, ownerGrant(actors.member, now), eventFor(s), { limit: UNLIMITED });
  const grant = {
    kind: 'user' as const,
    granteeId: actors.viewer.userId,
    label: actors.viewer.email,
    role: 'owner' as const,
    grantedAt: now.toISOString(),
    grantedBy: 'system',
  };
  await s.projects.putGrant(await loadedProject(s, project.projectId), grant, eventFor(s));
  if (state !== 'active') {
    const loaded = await loadedProject(s, project.projectId);
    await s.projects.save(loaded, (state === 'archived' ? archived : trashed)(loaded.project, now), { event: eventFor(s) });
  }
  return project.projectId;
}
async function aDocument(s: Services, state: 'active' | 'trashed' = 'active') {
  const projectId = await aProject(s);
  const doc = newDocument({ title: 'Matrix', body: 'text', tags: [] }, { documentId: s.ids.next(), projectId }, actors.member, new Date());
  await s.documents.create(doc, 'text', eventFor(s), { limit: UNLIMITED });
  if (state === 'trashed') await s.documents.trash(doc, trashedDocument(doc, actors.member, new Date()), eventFor(s));
  return doc.documentId;
}
const ifMatch = { 'if-match': '"1"' };
const onProject =
  (extra: Omit<Request, 'params'> = {}, state?: 'archived' | 'trashed'): Fixture =>
  async (s) => ({ params: { projectId: await aProject(s, state) }, ...extra });
const onDocument =
  (extra: Omit<Request, 'params'> = {}, state?: 'trashed'): Fixture =>
  async (s) => ({ params: { documentId: await aDocument(s, state) }, ...extra });
const onAttachment =
  (state: 'uploaded' | 'ready'): Fixture =>
  async (s) => {
    const documentId = await aDocument(s);
    const projectId = (await s.documents.get(documentId))?.document.projectId ?? '';
    return { params: { documentId, attachmentId: await anAttachment(s, documentId, projectId, state) } };
  };
/** Billing buttons need the installation connected to the control plane stand-in first. */
const whenConnected =
  (request: Request): Fixture =>
  async (s) => {
    await connected(s);
    return request;
  };
const reads = (fixture: Fixture) => ({ allowed: anyone, scope: 'read' as const, fixture });
const writes = (fixture: Fixture) => ({ allowed: atLeast('member'), scope: 'write' as const, fixture });

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
  listAudit: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ query: { limit: '10' } }) },
  exportAudit: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ query: { format: 'csv' } }) },
  summarizeAudit: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ query: { from: '2026-01-01', to: '2026-12-31' } }) },
  listProjects: reads(async () => ({ query: { limit: '5' } })),
  createProject: writes(async () => ({ body: { name: 'Matrix project' } })),
  getProject: reads(onProject()),
  updateProject: writes(onProject({ body: { name: 'Renamed' }, headers: ifMatch })),
  archiveProject: writes(onProject()),
  unarchiveProject: writes(onProject({}, 'archived')),
  deleteProject: writes(onProject()),
  restoreProject: writes(onProject({}, 'trashed')),
  listProjectGrants: reads(onProject()),
  putProjectGrant: writes(async (s) => ({
    params: { projectId: await aProject(s), kind: 'user', granteeId: (await aPerson(s)).userId },
    body: { role: 'viewer' },
  })),
  deleteProjectGrant: writes(async (s) => ({ params: { projectId: await aProject(s), kind: 'user', granteeId: actors.viewer.userId } })),
  listProjectDocuments: reads(onProject()),
  createDocument: writes(onProject({ body: { title: 'Matrix document' } })),
  listProjectTrash: reads(onProject()),
  listSharedWithMe: reads(async () => ({})),
  getDocument: reads(onDocument()),
  updateDocument: writes(onDocument({ body: { title: 'Edited', body: 'new', tags: [] }, headers: ifMatch })),
  moveDocument: writes(async (s) => ({ params: { documentId: await aDocument(s) }, body: { projectId: await aProject(s) }, headers: ifMatch })),
  deleteDocument: writes(onDocument({ headers: ifMatch })),
  restoreDocument: writes(onDocument({}, 'trashed')),
  listDocumentShares: reads(onDocument()),
  putDocumentShare: writes(async (s) => ({
    params: { documentId: await aDocument(s), kind: 'user', granteeId: (await aPerson(s)).userId },
    body: { role: 'viewer' },
  })),
  deleteDocumentShare: writes(async (s) => {
    const documentId = await aDocument(s);
    const loaded = await s.documents.get(documentId);
    if (!loaded) throw new Error(`document ${documentId} was just created and must exist`);
    const doc = loaded.document;
    const person = await aPerson(s);
    const share = {
      kind: 'user' as const,
      granteeId: person.userId,
      label: person.email,
      role: 'viewer' as const,
      sharedAt: new Date().toISOString(),
      sharedBy: 'system',
    };
    await s.documents.putShare(doc, share, true, eventFor(s));
    return { params: { documentId, kind: 'user', granteeId: person.userId } };
  }),
  getUsage: reads(async () => ({})),
  listAttachments: reads(onDocument()),
  createAttachment: writes(onDocument({ body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 3 } })),
  completeAttachment: writes(onAttachment('uploaded')),
  downloadAttachment: reads(onAttachment('ready')),
  deleteAttachment: writes(onAttachment('ready')),
  createExport: reads(onProject()),
  listExports: reads(onProject()),
  getJob: reads(async (s) => ({ params: { jobId: await aJob(s, await aProject(s), 'queued') } })),
  downloadExport: reads(async (s) => ({ params: { jobId: await aJob(s, await aProject(s), 'succeeded') } })),
  listJobs: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({ query: { status: 'failed' } }) },
  retryJob: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { jobId: await aJob(s, await aProject(s), 'failed') } }) },
  getUpdates: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({}) },
  getBilling: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({}) },
  activateBilling: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => {
      await disconnected(s);
      return { body: { activationCode: ACTIVATION_CODE } };
    },
  },
  refreshBilling: { allowed: atLeast('admin'), scope: 'admin', fixture: whenConnected({ body: {} }) },
  startBillingTrial: { allowed: atLeast('admin'), scope: 'admin', fixture: whenConnected({ body: { plan: 'pro' } }) },
  startBillingCheckout: { allowed: atLeast('admin'), scope: 'admin', fixture: whenConnected({ body: { plan: 'pro', seats: 2 } }) },
  openBillingPortal: { allowed: atLeast('admin'), scope: 'admin', fixture: whenConnected({ body: {} }) },
  decideUpgrade: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ body: (await aPendingUpgrade(s)).body }) },
  listFlags: { allowed: atLeast('admin'), scope: 'admin', fixture: async () => ({}) },
  previewFlags: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ body: { userId: (await aPerson(s)).userId } }) },
  getFlag: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { key: (await aFlag(s)).key } }) },
  putFlag: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { key: (await aFlag(s)).key }, body: aFlagBody({}, 25), headers: { 'if-match': '"1"' } }),
  },
  patchFlag: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { key: (await aFlag(s)).key }, body: { killed: true }, headers: { 'if-match': '"1"' } }),
  },
  deleteFlag: { allowed: atLeast('admin'), scope: 'admin', fixture: async (s) => ({ params: { key: (await aFlag(s)).key }, headers: { 'if-match': '"1"' } }) },
  revertFlag: {
    allowed: atLeast('admin'),
    scope: 'admin',
    fixture: async (s) => ({ params: { key: (await aFlag(s)).key }, body: { version: 1 }, headers: { 'if-match': '"1"' } }),
  },
};

let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
// Attachments and exports presign against, and read from, the local S3 stand-in.
let s3: LocalS3;
// Billing routes talk to a loopback stand-in of the control plane.
let controlPlane: StandInControlPlane;
const actors = {} as Record<Role, User>;

beforeAll(async () => {
  table = await createTestTable('matrix');
  controlPlane = await startStandInControlPlane(await licenseKeys());
  services = createServices(controlPlane.configFor(table.config), {
    db: table.db,
    idp: recordingIdp(),
    // Every cell creates projects, documents and invitations and exports the audit trail: limits and plans are not what this test is about.
    entitlements: async () => ({
      ...communityEntitlements(),
      features: ['audit-export'],
      seats: UNLIMITED,
      quotas: { ...communityEntitlements().quotas, projects: UNLIMITED, documents: UNLIMITED },
    }),
  });
  s3 = await startLocalS3();
  services.blobs = s3.store;
  router = createRouter(routes, { services, logger: silentLogger() });
  for (const role of ORDER) actors[role] = await aPerson(services, { role });
});

afterAll(async () => {
  await controlPlane.stop();
  await s3.stop();
  await table.drop();
});

type Credential = { kind: 'session'; user: User } | { kind: 'key'; token: string } | { kind: 'none' };

async function call(route: (typeof routes)[number], credential: Credential, request: Request) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers };
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

  it('wrote only events of the event catalog, each with data its schema accepts', async () => {
    // Every route ran above: its outbox items are what customers' rules and consumers receive.
    const written = (await table.items()).filter((i) => i.entity === OUTBOX_ENTITY).map((i) => (i as { event: DomainEvent }).event);
    const checked = written.filter((e) => e.type !== 'test.fixture');
    expect(checked.length).toBeGreaterThan(0);
    const mismatchOf = (e: DomainEvent) => {
      const result = parseEventData(e.type, e.data);
      return result.success ? [] : [`${e.type}: ${result.error}`];
    };
    const mismatches = [...new Set(checked.flatMap(mismatchOf))];
    expect(mismatches, 'fix the event or functions/events/catalog.ts').toEqual([]);
  });

  it('counted the cells it tested', () => {
    // Printed for the closing note; the assertion keeps the matrix from silently shrinking.
    console.info(`authorization matrix: ${cells} cells`);
    expect(cells).toBeGreaterThanOrEqual(routes.length * 4);
  });
});
