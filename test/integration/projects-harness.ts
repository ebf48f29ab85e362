/**
 * What the projects and documents integration tests share: a table of their own on
 * DynamoDB Local, services with a clock the test moves and quotas the test sets, the real
 * router with every route, and people and groups to act as.
 */
import { randomUUID } from 'node:crypto';
import { COMMUNITY_ENTITLEMENTS, type Entitlements, type Quotas } from '../../functions/entitlements/domain.js';
import { domainEvent } from '../../functions/events/domain.js';
import { newGroup } from '../../functions/groups/domain.js';
import type { User } from '../../functions/identity/domain.js';
import type { IdentityProviderAdmin } from '../../functions/identity/idp.js';
import type { Role } from '../../functions/platform/principal.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices, type Services } from '../../functions/services.js';
import { createTestTable, type TestTable } from '../support/table.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';

const idp: IdentityProviderAdmin = {
  invite: async () => {},
  resendInvitation: async () => {},
  cancelInvitation: async () => {},
  disable: async () => {},
  enable: async () => {},
};

export interface Harness {
  table: TestTable;
  services: Services;
  quotas: Quotas;
  /** Moves the services' clock (purge tests). */
  advance(days: number): void;
  person(role?: Role): Promise<User>;
  group(...members: User[]): Promise<string>;
  /** Reloads a person (their groups change when added to one). */
  reload(user: User): Promise<User>;
  send(as: User, routeKey: string, init?: Init): Promise<Answer>;
  /** Creates a project as `owner` and gives the grants; returns its id. */
  project(owner: User, name: string, grants?: [kind: 'user' | 'group', id: string, role: 'owner' | 'editor' | 'viewer'][]): Promise<string>;
  document(as: User, projectId: string, title: string, body?: string): Promise<{ id: string; version: number }>;
  drop(): Promise<void>;
}

export interface Init {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected loosely.
  body: any;
  headers: Record<string, string>;
}

export async function harness(label: string): Promise<Harness> {
  const table = await createTestTable(label);
  let offsetMs = 0;
  const quotas: Quotas = { ...COMMUNITY_ENTITLEMENTS.quotas, projects: 10_000, documents: 10_000 };
  const services = createServices(table.config, {
    db: table.db,
    idp,
    clock: { now: () => new Date(Date.now() + offsetMs) },
    entitlements: async () => ({ ...(structuredClone(COMMUNITY_ENTITLEMENTS) as Entitlements), quotas: { ...quotas } }),
  });
  const router = createRouter(routes, { services, logger: silentLogger() });
  const seeded = (id: string) =>
    domainEvent({ type: 'test.seeded', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id }, data: {} }, services);

  const h: Harness = {
    table,
    services,
    quotas,
    advance(days) {
      offsetMs += days * 24 * 3600 * 1000;
    },
    async person(role = 'member') {
      const id = randomUUID();
      const user: User = {
        userId: id,
        email: `${id.slice(0, 8)}@example.com`,
        displayName: 'P',
        role,
        status: 'active',
        createdAt: new Date().toISOString(),
        groupIds: [],
      };
      await services.users.createWithEvent(user, seeded(id));
      return user;
    },
    async group(...members) {
      const group = newGroup(`team ${randomUUID().slice(0, 6)}`, services.ids.next(), new Date());
      await services.groups.create(group, seeded(group.groupId));
      let current = group;
      for (const m of members) current = await services.groups.addMember(current, m.userId, seeded(group.groupId));
      return group.groupId;
    },
    async reload(user) {
      return (await services.users.get(user.userId)) as User;
    },
    async send(as, routeKey, init = {}) {
      const result = await router.handle(
        anApiEvent(routeKey, {
          headers: { 'content-type': 'application/json', ...init.headers },
          pathParameters: init.params,
          queryStringParameters: init.query,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          claims: { sub: as.userId, email: as.email },
        }),
      );
      return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined, headers: result.headers };
    },
    async project(owner, name, grants = []) {
      const created = await h.send(owner, 'POST /api/projects', { body: { name } });
      if (created.status !== 201) throw new Error(`project not created: ${JSON.stringify(created.body)}`);
      for (const [kind, id, role] of grants) {
        const granted = await h.send(owner, 'PUT /api/projects/{projectId}/grants/{kind}/{granteeId}', {
          params: { projectId: created.body.id, kind, granteeId: id },
          body: { role },
        });
        if (granted.status !== 200) throw new Error(`grant not given: ${JSON.stringify(granted.body)}`);
      }
      return created.body.id as string;
    },
    async document(as, projectId, title, body = `# ${title}\n\nSome *text*.`) {
      const created = await h.send(as, 'POST /api/projects/{projectId}/documents', { params: { projectId }, body: { title, body } });
      if (created.status !== 201) throw new Error(`document not created: ${JSON.stringify(created.body)}`);
      return { id: created.body.id as string, version: created.body.version as number };
    },
    drop: () => table.drop(),
  };
  return h;
}

/** Every item of an entity, read straight from the table (Scan: fine in a test). */
export async function itemsOf(h: Harness, entity: string) {
  return (await h.table.items()).filter((i) => i.entity === entity);
}

/** The events of a type in the outbox. */
export async function outboxEvents(h: Harness, type: string) {
  return (await itemsOf(h, 'OutboxEvent')).map((i) => i.event as { type: string; data: Record<string, unknown> }).filter((e) => e.type === type);
}
