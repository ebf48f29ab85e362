/**
 * The audit viewer and export through the real router on DynamoDB Local: the month walk
 * (AP5) newest first across partitions, the actor (AP6) and subject (AP27) indexes, the
 * bounded filter loop, cursors that cannot be steered, and CSV/JSON lines exports.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/audit/domain.js';
import type { AuditEntryView } from '../../functions/audit/schemas.js';
import { domainEvent } from '../../functions/events/domain.js';
import type { User } from '../../functions/identity/domain.js';
import { routeKeyOf } from '../../functions/platform/route.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { communityEntitlements } from '../../functions/entitlements/domain.js';
import { createServices, type Services } from '../../functions/services.js';
import { anApiEvent, fixedClock, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';

let table: TestTable;
let services: Services;
let router: ReturnType<typeof createRouter>;
let admin: User;

const NOW = '2026-11-24T10:00:00.000Z';
const ada = `ada-${randomUUID().slice(0, 8)}`;
const bob = `bob-${randomUUID().slice(0, 8)}`;

/** Entries spread over three months, written as the worker writes them. */
const entries: AuditEntry[] = [];
function anEntry(occurredAt: string, action: string, actorId: string, subject: { kind: string; id: string }, detail: Record<string, unknown> = {}): AuditEntry {
  const entry: AuditEntry = {
    eventId: randomUUID(),
    action,
    occurredAt,
    actor: {
      userId: actorId,
      via: actorId === bob ? 'apiKey' : 'session',
      ...(actorId === bob ? { apiKeyId: 'KEY1' } : {}),
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
    },
    subject,
    detail,
  };
  entries.push(entry);
  return entry;
}

async function get(path: string, query: Record<string, string> = {}) {
  const route = routes.find((r) => routeKeyOf(r) === `GET ${path}`);
  if (!route) throw new Error(`no route ${path}`);
  return router.handle(
    anApiEvent(routeKeyOf(route), { queryStringParameters: query, claims: { sub: admin.userId, email: admin.email }, headers: { 'user-agent': 'vitest' } }),
  );
}
const list = async (query: Record<string, string>) => {
  const result = await get('/api/audit', query);
  expect(result.statusCode, result.body).toBe(200);
  return JSON.parse(result.body) as { items: AuditEntryView[]; nextCursor?: string; range: { from: string; to: string } };
};

beforeAll(async () => {
  table = await createTestTable('audit-query');
  // The export is a Pro feature (docs/licensing.md); this file tests what it exports, not the plan gate.
  services = createServices(table.config, {
    db: table.db,
    clock: fixedClock(NOW),
    entitlements: async () => ({ ...communityEntitlements(), plan: 'pro', features: ['audit-export'] }),
  });
  router = createRouter(routes, { services, logger: silentLogger() });
  admin = {
    userId: randomUUID(),
    email: 'admin@example.com',
    displayName: 'Admin',
    role: 'admin',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    groupIds: [],
  };
  await services.users.createWithEvent(
    admin,
    domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id: 'x' }, data: {} }, services),
  );
  const group = { kind: 'group', id: 'G1' };
  const writes = [
    anEntry('2026-09-10T08:00:00.000Z', 'identity.group.created', ada, group, { name: '=HYPERLINK("http://evil")' }),
    anEntry('2026-10-01T00:00:00.000Z', 'identity.member.role_changed', ada, { kind: 'user', id: bob }),
    anEntry('2026-10-15T12:00:00.000Z', 'identity.group.renamed', bob, group, { name: 'a "quoted", name\nwith a line break' }),
    anEntry('2026-11-02T09:00:00.000Z', 'identity.apikey.created', bob, { kind: 'apikey', id: 'KEY2' }),
    anEntry('2026-11-20T18:30:00.000Z', 'identity.group.deleted', ada, group),
  ];
  for (const entry of writes) expect(await services.audit.append(entry)).toBe(true);
});

afterAll(async () => {
  await table.drop();
});

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const expected = (filter: (e: AuditEntry) => boolean) =>
  entries
    .filter(filter)
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
    .map((e) => e.eventId);

describe('GET /api/audit', () => {
  it('walks the month partitions newest first across the range, a page at a time', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ from: '2026-09-01', to: '2026-11-30', limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected(() => true));
  });

  it('keeps to the range, inclusive of whole days', async () => {
    const page = await list({ from: '2026-10-01', to: '2026-11-02' });
    expect(ids(page.items)).toEqual(expected((e) => e.occurredAt >= '2026-10-01' && e.occurredAt < '2026-11-03'));
    expect(page.range).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-02T23:59:59.999Z' });
  });

  it('says who, from where and how: session or which API key', async () => {
    const page = await list({ from: '2026-11-01', to: '2026-11-30', actorId: bob });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.actor).toEqual({ userId: bob, via: 'apiKey', apiKeyId: 'KEY1', ip: '203.0.113.9', userAgent: 'Mozilla/5.0' });
  });

  it('serves an actor from the actor index and an object from the subject index', async () => {
    expect(ids((await list({ from: '2026-09-01', to: '2026-11-30', actorId: ada })).items)).toEqual(expected((e) => e.actor.userId === ada));
    expect(ids((await list({ from: '2026-09-01', to: '2026-11-30', subjectKind: 'group', subjectId: 'G1' })).items)).toEqual(
      expected((e) => e.subject.id === 'G1'),
    );
    expect(ids((await list({ from: '2026-09-01', to: '2026-11-30', subjectKind: 'group', subjectId: 'G1', actorId: bob })).items)).toEqual(
      expected((e) => e.subject.id === 'G1' && e.actor.userId === bob),
    );
  });

  it('filters by event type (exact or prefix) and object kind, filling pages across months', async () => {
    expect(ids((await list({ from: '2026-09-01', to: '2026-11-30', type: 'identity.group.*' })).items)).toEqual(
      expected((e) => e.action.startsWith('identity.group.')),
    );
    expect(ids((await list({ from: '2026-09-01', to: '2026-11-30', type: 'identity.apikey.created' })).items)).toEqual(
      expected((e) => e.action === 'identity.apikey.created'),
    );
    const byKind = await list({ from: '2026-09-01', to: '2026-11-30', subjectKind: 'group', limit: '2' });
    expect(byKind.items).toHaveLength(2);
    expect(byKind.nextCursor).toBeDefined();
    const rest = await list({ from: '2026-09-01', to: '2026-11-30', subjectKind: 'group', limit: '2', cursor: byKind.nextCursor as string });
    expect([...ids(byKind.items), ...ids(rest.items)]).toEqual(expected((e) => e.subject.kind === 'group'));
  });

  it('refuses ranges over 13 months, inverted ranges, and a subject id without its kind', async () => {
    expect((await get('/api/audit', { from: '2025-01-01', to: '2026-11-01' })).statusCode).toBe(400);
    expect((await get('/api/audit', { from: '2026-11-01', to: '2026-10-01' })).statusCode).toBe(400);
    expect((await get('/api/audit', { subjectId: 'G1' })).statusCode).toBe(400);
    expect((await get('/api/audit', { from: 'yesterday' })).statusCode).toBe(400);
  });

  it('refuses a cursor that points into another partition', async () => {
    const forged = Buffer.from(JSON.stringify({ p: 0, k: { pk: 'USER#x', sk: 'PROFILE' } })).toString('base64url');
    expect((await get('/api/audit', { cursor: forged })).statusCode).toBe(400);
    const otherActor = Buffer.from(JSON.stringify({ p: 0, k: { pk: 'AUDIT#2026-11', sk: 'x', gsi1pk: `AUDIT_ACTOR#${bob}`, gsi1sk: 'x' } })).toString(
      'base64url',
    );
    expect((await get('/api/audit', { actorId: ada, cursor: otherActor })).statusCode).toBe(400);
  });
});

describe('GET /api/audit/summary', () => {
  it('counts entries per day from the counters the appends keep, and a redelivery counts nothing', async () => {
    const summary = async () => {
      const result = await get('/api/audit/summary', { from: '2026-09-01', to: '2026-10-31' });
      expect(result.statusCode, result.body).toBe(200);
      return JSON.parse(result.body) as { days: { day: string; count: number }[]; total: number };
    };
    const expectedDays = [
      { day: '2026-09-10', count: 1 },
      { day: '2026-10-01', count: 1 },
      { day: '2026-10-15', count: 1 },
    ];
    expect(await summary()).toMatchObject({ days: expectedDays, total: 3 });

    const first = entries[0] as AuditEntry;
    expect(await services.audit.append(first)).toBe(false);
    expect(await summary()).toMatchObject({ days: expectedDays, total: 3 });

    const sameDay = anEntry('2026-10-15T23:00:00.000Z', 'identity.group.renamed', ada, { kind: 'group', id: 'G2' });
    expect(await services.audit.append(sameDay)).toBe(true);
    expect((await summary()).days).toContainEqual({ day: '2026-10-15', count: 2 });
  });
});

describe('GET /api/audit/export', () => {
  it('answers CSV with a header, escaped cells and formulas neutralized', async () => {
    const result = await get('/api/audit/export', { from: '2026-09-01', to: '2026-11-30', subjectKind: 'group', subjectId: 'G1' });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
    // A text reply keeps the router's own headers.
    expect(result.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-correlation-id': expect.any(String) });
    expect(result.headers['content-disposition']).toBe('attachment; filename="audit-2026-09-01-2026-11-30.csv"');
    expect(result.headers.link).toBeUndefined();
    const lines = result.body.split('\r\n');
    expect(lines[0]).toBe('occurredAt,eventId,type,actorId,via,apiKeyId,ip,userAgent,subjectKind,subjectId,correlationId,detail');
    expect(result.body).toContain('"{""name"":""a \\""quoted\\"", name\\nwith a line break""}"');
    // A formula inside a cell is harmless; only a cell that starts with one is neutralized.
    expect(result.body).toContain('"{""name"":""=HYPERLINK(\\""http://evil\\"")""}"');
    expect(result.headers['x-row-count']).toBe('3');
  });

  it('neutralizes a cell that starts with a formula character', async () => {
    const evil = anEntry('2026-11-21T00:00:00.000Z', 'identity.group.created', '=cmd|calc', { kind: 'group', id: '@SUM(A1)' });
    await services.audit.append(evil);
    const result = await get('/api/audit/export', { from: '2026-11-21', to: '2026-11-21' });
    const row = result.body.split('\r\n')[1] ?? '';
    expect(row).toContain(",'=cmd|calc,");
    expect(row).toContain(",'@SUM(A1),");
  });

  it('pages with Link: rel="next", the header on the first response only, until every row is out', async () => {
    const first = await get('/api/audit/export', { from: '2026-09-01', to: '2026-11-30', limit: '2' });
    expect(first.headers.link).toMatch(/^<\/api\/audit\/export\?.*cursor=.*>; rel="next"$/);
    const rows = first.body.split('\r\n').filter(Boolean).slice(1);
    let next = first.headers.link;
    let guard = 0;
    while (next && guard++ < 10) {
      const query = Object.fromEntries(new URL(next.slice(1, next.indexOf('>')), 'http://x').searchParams);
      const page = await get('/api/audit/export', query);
      expect(page.body.startsWith('occurredAt,')).toBe(false);
      rows.push(...page.body.split('\r\n').filter(Boolean));
      next = page.headers.link;
    }
    expect(rows.map((r) => r.split(',')[1])).toEqual(expected(() => true));
  });

  it('answers JSON lines in the API item shape', async () => {
    const result = await get('/api/audit/export', { format: 'jsonl', from: '2026-10-01', to: '2026-10-31' });
    expect(result.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = result.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntryView);
    expect(lines.map((l) => l.id)).toEqual(expected((e) => e.occurredAt.startsWith('2026-10')));
    expect(lines.find((l) => l.actor.userId === bob)).toMatchObject({
      type: 'identity.group.renamed',
      actor: { userId: bob, via: 'apiKey', apiKeyId: 'KEY1' },
      subject: { kind: 'group', id: 'G1' },
    });
  });
});
