/**
 * The API-call meter on DynamoDB Local: counted in memory, written at most every 30 s or
 * when the hour changes (never per request), a failed flush dropped rather than retried
 * (the count errs low), only authenticated calls counted (through the real router), and
 * the reads the billing page and the hourly reports use.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvent } from '../../functions/events/domain.js';
import type { User } from '../../functions/identity/domain.js';
import { API_CALLS_ENTITY, apiCallCounter, apiCallKeys, apiCallReader, FLUSH_EVERY_MS } from '../../functions/licensing/api-calls.js';
import { createRouter } from '../../functions/platform/router.js';
import { routes } from '../../functions/routes.js';
import { createServices } from '../../functions/services.js';
import { anApiEvent, silentLogger } from '../unit/builders.js';
import { createTestTable, type TestTable } from '../support/table.js';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('license-sync-api-calls');
});
afterAll(() => table.drop());

const at = (iso: string) => new Date(iso);
const dayItem = async (day: string) => (await table.items()).find((i) => i.pk === apiCallKeys.day(day).pk && i.sk === apiCallKeys.day(day).sk);

/** A document client that counts the writes it is asked for, and can be told to fail the next one. */
function countingDb(db: DynamoDBDocumentClient) {
  const state = { writes: 0, failNext: false };
  const wrapped = {
    send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
      state.writes += 1;
      if (state.failNext) {
        state.failNext = false;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      }
      return db.send(command);
    },
  } as unknown as DynamoDBDocumentClient;
  return { db: wrapped, state };
}

describe('the in-memory counter', () => {
  it('writes nothing until 30 s after the first call, then one UpdateItem with every call so far', async () => {
    const { db, state } = countingDb(table.db);
    const counter = apiCallCounter(db, table.tableName);
    const start = at('2026-03-10T09:00:05Z').getTime();
    for (let i = 0; i < 40; i += 1) {
      const now = new Date(start + i * 500);
      counter.count(now);
      await counter.flushIfDue(now);
    }
    expect(state.writes).toBe(0);
    const due = new Date(start + FLUSH_EVERY_MS);
    counter.count(due);
    await counter.flushIfDue(due);
    expect(state.writes).toBe(1);
    const item = await dayItem('2026-03-10');
    expect(item).toMatchObject({ entity: API_CALLS_ENTITY, schemaVersion: 1, day: '2026-03-10', h09: 41 });
    expect(typeof item?.expiresAt).toBe('number');
    // Nothing pending: due or not, no write.
    await counter.flushIfDue(new Date(start + 3 * FLUSH_EVERY_MS));
    expect(state.writes).toBe(1);
  });

  it('flushes at once when the hour changes, each hour into its own attribute (and day)', async () => {
    const { db, state } = countingDb(table.db);
    const counter = apiCallCounter(db, table.tableName);
    counter.count(at('2026-03-11T23:59:50Z'));
    counter.count(at('2026-03-11T23:59:55Z'));
    await counter.flushIfDue(at('2026-03-11T23:59:55Z'));
    expect(state.writes).toBe(0);
    counter.count(at('2026-03-12T00:00:01Z'));
    await counter.flushIfDue(at('2026-03-12T00:00:01Z'));
    // Two days: two UpdateItems in one flush.
    expect(state.writes).toBe(2);
    expect(await dayItem('2026-03-11')).toMatchObject({ h23: 2 });
    expect(await dayItem('2026-03-12')).toMatchObject({ h00: 1 });
  });

  it('adds to what other containers wrote (ADD), never overwrites', async () => {
    const a = apiCallCounter(table.db, table.tableName);
    const b = apiCallCounter(table.db, table.tableName);
    for (let i = 0; i < 7; i += 1) a.count(at('2026-03-13T14:10:00Z'));
    for (let i = 0; i < 5; i += 1) b.count(at('2026-03-13T14:20:00Z'));
    await Promise.all([a.flush(at('2026-03-13T14:20:00Z')), b.flush(at('2026-03-13T14:20:00Z'))]);
    expect(await dayItem('2026-03-13')).toMatchObject({ h14: 12 });
  });

  it('drops the counts of a failed flush instead of retrying (under-counts, never over-counts)', async () => {
    const { db, state } = countingDb(table.db);
    const dropped: number[] = [];
    const counter = apiCallCounter(db, table.tableName, { onFlushError: (_e, n) => dropped.push(n) });
    for (let i = 0; i < 9; i += 1) counter.count(at('2026-03-14T10:00:00Z'));
    state.failNext = true;
    await counter.flush(at('2026-03-14T10:00:00Z'));
    expect(dropped).toEqual([9]);
    counter.count(at('2026-03-14T10:01:00Z'));
    await counter.flush(at('2026-03-14T10:01:00Z'));
    expect(await dayItem('2026-03-14')).toMatchObject({ h10: 1 });
  });
});

describe('counted through the router', () => {
  it('counts authenticated calls, including refused ones, and not unauthenticated or public ones', async () => {
    const services = createServices({ ...table.config, OWNSTACK_VERSION: '1.0.0' }, { db: table.db, clock: { now: () => at('2026-03-15T08:30:00Z') } });
    const member: User = {
      userId: randomUUID(),
      email: 'member@example.com',
      displayName: 'Member',
      role: 'member',
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      groupIds: [],
    };
    await services.users.createWithEvent(
      member,
      domainEvent({ type: 'test.fixture', actor: { userId: 'system', via: 'system' }, subject: { kind: 'test', id: 'x' }, data: {} }, services),
    );
    const counter = apiCallCounter(table.db, table.tableName);
    const router = createRouter(routes, { services, logger: silentLogger(), onAuthenticated: () => counter.count(services.clock.now()) });
    const claims = { sub: member.userId, email: member.email };
    expect((await router.handle(anApiEvent('GET /api/me', { claims }))).statusCode).toBe(200);
    // A member may not list the audit trail: refused, but authenticated, so it counts.
    expect((await router.handle(anApiEvent('GET /api/audit', { claims }))).statusCode).toBe(403);
    // No verified token at all: not authenticated, not counted.
    expect((await router.handle(anApiEvent('GET /api/me'))).statusCode).toBe(401);
    expect((await router.handle(anApiEvent('GET /api/health'))).statusCode).toBe(200);
    await counter.flush(services.clock.now());
    expect(await dayItem('2026-03-15')).toMatchObject({ h08: 2 });
  });
});

describe('reads', () => {
  beforeAll(async () => {
    // Calls on the last day of October, through November, and on the first of December.
    const counter = apiCallCounter(table.db, table.tableName);
    const calls: [string, number][] = [
      ['2026-10-31T23:00:00Z', 50],
      ['2026-11-01T00:00:00Z', 3],
      ['2026-11-01T13:00:00Z', 4],
      ['2026-11-20T07:00:00Z', 10],
      ['2026-11-30T23:59:00Z', 2],
      ['2026-12-01T00:00:00Z', 70],
    ];
    for (const [iso, n] of calls) {
      for (let i = 0; i < n; i += 1) counter.count(at(iso));
      await counter.flush(at(iso));
    }
  });

  it("this month's calls are the month's day items summed, nothing of the months around it", async () => {
    const reader = apiCallReader(table.db, table.tableName);
    expect(await reader.thisMonth(at('2026-11-30T12:00:00Z'))).toBe(3 + 4 + 10 + 2);
    expect(await reader.thisMonth(at('2026-12-01T05:00:00Z'))).toBe(70);
  });

  it('the daily series covers the last 30 days, oldest first, with zeros for quiet days', async () => {
    const series = await apiCallReader(table.db, table.tableName).daily(at('2026-11-30T12:00:00Z'));
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ day: '2026-11-01', calls: 7 });
    expect(series.find((d) => d.day === '2026-11-20')).toEqual({ day: '2026-11-20', calls: 10 });
    expect(series.at(-1)).toEqual({ day: '2026-11-30', calls: 2 });
    expect(series.filter((d) => d.calls === 0)).toHaveLength(27);
  });

  it('reads the calls of given hours, zero for an hour without any', async () => {
    const hours = await apiCallReader(table.db, table.tableName).hours(['2026-10-31T23', '2026-11-01T00', '2026-11-01T01', '2026-11-01T13']);
    expect([...hours]).toEqual([
      ['2026-10-31T23', 50],
      ['2026-11-01T00', 3],
      ['2026-11-01T01', 0],
      ['2026-11-01T13', 4],
    ]);
  });
});
