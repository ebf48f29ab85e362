/**
 * DynamoDB adapter for the audit trail: append only. Access patterns (docs/access-patterns.md,
 * docs/audit.md): AP5 entries of a month, newest first (pk); AP6 entries by actor (gsi1);
 * AP27 entries about one object (gsi2); AP28 entries per day (a counter per day, one
 * partition per month, added in the entry's own transaction so a redelivery counts nothing).
 * Filters no key serves (event type, object kind) run as a FilterExpression inside a read
 * budget, so a page may be short: the cursor says whether to go on.
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../platform/dynamo.js';
import { InvalidInput } from '../platform/errors.js';
import { AUDIT_KEY_PREFIX, type AuditEntry, type AuditQuery, monthsBetween } from './domain.js';

export const auditKeys = {
  entry: (e: Pick<AuditEntry, 'occurredAt' | 'eventId'>) => ({ pk: `${AUDIT_KEY_PREFIX}${e.occurredAt.slice(0, 7)}`, sk: `${e.occurredAt}#${e.eventId}` }),
  byActor: (e: Pick<AuditEntry, 'occurredAt' | 'eventId' | 'actor'>) => ({ gsi1pk: `AUDIT_ACTOR#${e.actor.userId}`, gsi1sk: `${e.occurredAt}#${e.eventId}` }),
  bySubject: (e: Pick<AuditEntry, 'occurredAt' | 'eventId' | 'subject'>) => ({
    gsi2pk: `AUDIT_SUBJECT#${e.subject.kind}#${e.subject.id}`,
    gsi2sk: `${e.occurredAt}#${e.eventId}`,
  }),
  /** Counters are derived data, not entries: outside the append-only `AUDIT#` prefix. */
  dayCount: (occurredAt: string) => ({ pk: `AUDIT_DAYS#${occurredAt.slice(0, 7)}`, sk: occurredAt.slice(0, 10) }),
  dayCounts: (month: string) => `AUDIT_DAYS#${month}`,
  month: (month: string) => `${AUDIT_KEY_PREFIX}${month}`,
  actor: (userId: string) => `AUDIT_ACTOR#${userId}`,
  subject: (kind: string, id: string) => `AUDIT_SUBJECT#${kind}#${id}`,
};

export interface AuditPage {
  items: AuditEntry[];
  /** Present when more entries may exist: pass it back to continue. */
  nextCursor?: string;
  /** Items DynamoDB read for this page (before filters). */
  evaluated: number;
}

export interface AuditReadOptions {
  limit: number;
  cursor?: string;
  /** Most items to read (before filters) for one page. */
  readBudget: number;
}

export interface AuditStore {
  /** Appends the entry and counts it on its day; returns false when it was already there (a redelivery). */
  append(entry: AuditEntry): Promise<boolean>;
  /** Entries per day (`yyyy-mm-dd`, UTC) of the days in the range that have any, oldest first. */
  countPerDay(range: { from: string; to: string }): Promise<{ day: string; count: number }[]>;
  /** Entries in the range matching the filters, newest first. */
  query(query: AuditQuery, options: AuditReadOptions): Promise<AuditPage>;
}

/** One way to read: an index (or the table) and the partitions to walk, newest first. */
interface Plan {
  index?: 'gsi1' | 'gsi2';
  pkAttribute: string;
  skAttribute: string;
  partitions: string[];
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

/** The most items one Query call may read when a filter is applied. */
const FILTERED_PAGE = 500;

export function dynamoAuditStore(db: DynamoDBDocumentClient, tableName: string): AuditStore {
  return {
    async append(entry) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...auditKeys.entry(entry),
                    ...auditKeys.byActor(entry),
                    ...auditKeys.bySubject(entry),
                    entity: 'AuditEntry',
                    schemaVersion: 1,
                    ...entry,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: auditKeys.dayCount(entry.occurredAt),
                  UpdateExpression: 'ADD #count :one SET entity = :entity, schemaVersion = :v',
                  ExpressionAttributeNames: { '#count': 'count' },
                  ExpressionAttributeValues: { ':one': 1, ':entity': 'AuditDayCount', ':v': 1 },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async countPerDay({ from, to }) {
      const days: { day: string; count: number }[] = [];
      // At most 13 months of at most 31 items each: one small Query per month.
      for (const month of monthsBetween(from, to).reverse()) {
        const { Items = [] } = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': auditKeys.dayCounts(month), ':from': from.slice(0, 10), ':to': to.slice(0, 10) },
          }),
        );
        days.push(...Items.map((i) => ({ day: String(i.sk), count: Number(i.count) })));
      }
      return days;
    },

    async query(query, { limit, cursor, readBudget }) {
      const plan = planFor(query);
      let position = decodeAuditCursor(cursor, plan);
      const items: AuditEntry[] = [];
      let evaluated = 0;
      while (position.partition < plan.partitions.length) {
        const needed = limit - items.length;
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            ...(plan.index ? { IndexName: plan.index } : {}),
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ...(plan.filter ? { FilterExpression: plan.filter.expression } : {}),
            ExpressionAttributeNames: { '#pk': plan.pkAttribute, '#sk': plan.skAttribute, ...plan.filter?.names },
            ExpressionAttributeValues: {
              ':pk': plan.partitions[position.partition],
              ':from': query.from,
              // Sort keys are `<occurredAt>#<eventId>`: everything at `to` sorts below `to#~`.
              ':to': `${query.to}#~`,
              ...plan.filter?.values,
            },
            ScanIndexForward: false,
            // Without a filter every item read is returned, so read exactly what the page lacks.
            Limit: plan.filter ? Math.max(1, Math.min(FILTERED_PAGE, readBudget - evaluated)) : needed,
            ...(position.key ? { ExclusiveStartKey: position.key } : {}),
          }),
        );
        evaluated += page.ScannedCount ?? 0;
        const found = page.Items ?? [];
        const kept = found.slice(0, needed);
        items.push(...kept.map(toEntry));
        const last = kept.at(-1);
        if (found.length > kept.length && last) {
          // The page filled up inside this read: resume right after the last entry returned.
          position = { partition: position.partition, key: keyOf(last, plan) };
          return pageAt(items, plan, position, evaluated);
        }
        position = page.LastEvaluatedKey
          ? { partition: position.partition, key: page.LastEvaluatedKey as Record<string, string> }
          : { partition: position.partition + 1 };
        if (items.length >= limit || evaluated >= readBudget) break;
      }
      return pageAt(items, plan, position, evaluated);
    },
  };
}

function pageAt(items: AuditEntry[], plan: Plan, position: Position, evaluated: number): AuditPage {
  const done = position.partition >= plan.partitions.length;
  return { items, evaluated, ...(done ? {} : { nextCursor: encodeAuditCursor(position) }) };
}

function planFor(query: AuditQuery): Plan {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const where = (clause: string, n: Record<string, string>, v: Record<string, unknown>) => {
    clauses.push(clause);
    Object.assign(names, n);
    Object.assign(values, v);
  };
  if (query.type) {
    if (query.type.endsWith('*')) where('begins_with(#action, :type)', { '#action': 'action' }, { ':type': query.type.slice(0, -1) });
    else where('#action = :type', { '#action': 'action' }, { ':type': query.type });
  }
  const filter = () => (clauses.length > 0 ? { filter: { expression: clauses.join(' AND '), names, values } } : {});

  if (query.subjectKind && query.subjectId) {
    if (query.actorId) where('#actor.#userId = :actorId', { '#actor': 'actor', '#userId': 'userId' }, { ':actorId': query.actorId });
    return { index: 'gsi2', pkAttribute: 'gsi2pk', skAttribute: 'gsi2sk', partitions: [auditKeys.subject(query.subjectKind, query.subjectId)], ...filter() };
  }
  if (query.subjectKind) where('#subject.#kind = :kind', { '#subject': 'subject', '#kind': 'kind' }, { ':kind': query.subjectKind });
  if (query.actorId) {
    return { index: 'gsi1', pkAttribute: 'gsi1pk', skAttribute: 'gsi1sk', partitions: [auditKeys.actor(query.actorId)], ...filter() };
  }
  return { pkAttribute: 'pk', skAttribute: 'sk', partitions: monthsBetween(query.from, query.to).map(auditKeys.month), ...filter() };
}

function keyOf(item: Record<string, unknown>, plan: Plan): Record<string, string> {
  const attributes = ['pk', 'sk', ...(plan.index ? [plan.pkAttribute, plan.skAttribute] : [])];
  return Object.fromEntries(attributes.map((a) => [a, String(item[a])]));
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const { eventId, action, occurredAt, actor, subject, correlationId, detail } = item as unknown as AuditEntry;
  return { eventId, action, occurredAt, actor, subject, ...(correlationId ? { correlationId } : {}), detail: detail ?? {} };
}

/** Where a walk stands: which partition of the plan, and the last key read in it. */
interface Position {
  partition: number;
  key?: Record<string, string>;
}

function encodeAuditCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ p: position.partition, ...(position.key ? { k: position.key } : {}) })).toString('base64url');
}

/**
 * Decodes a cursor and checks it against this query's plan: the partition must be one the
 * plan walks and the key must sit in it, so a forged cursor cannot read another partition.
 */
function decodeAuditCursor(cursor: string | undefined, plan: Plan): Position {
  if (!cursor) return { partition: 0 };
  const refuse = () => new InvalidInput('The cursor is not one this API issued for these filters.');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const { p, k } = (decoded ?? {}) as { p?: unknown; k?: unknown };
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= plan.partitions.length) throw refuse();
  if (k === undefined) return { partition: p };
  const expected = ['pk', 'sk', ...(plan.index ? [plan.pkAttribute, plan.skAttribute] : [])];
  const key = k as Record<string, unknown>;
  const valid =
    typeof k === 'object' &&
    k !== null &&
    Object.keys(key).length === expected.length &&
    expected.every((a) => typeof key[a] === 'string') &&
    key[plan.pkAttribute] === plan.partitions[p] &&
    String(key.pk).startsWith(AUDIT_KEY_PREFIX);
  if (!valid) throw refuse();
  return { partition: p, key: key as Record<string, string> };
}
