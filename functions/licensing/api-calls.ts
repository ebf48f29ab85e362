/**
 * API calls per UTC hour, the `apiCalls` usage meter, counted without a write per
 * request. The API function counts authenticated calls in memory, per hour, and flushes
 * them with one UpdateItem ADD to the day's item (`INSTALLATION` / `APICALLS#<day>`, one
 * attribute per hour, `h00`…`h23`) on the first call at least `FLUSH_EVERY_MS` after the
 * last flush, and on the first call of a new hour.
 *
 * The count errs low, never high: a container reclaimed before its next flush loses the
 * calls of at most its last 30 s; a flush that fails is dropped, not retried, because an
 * ADD whose answer was lost may have been applied. Calls flushed after the sync already
 * reported their hour (a container idle across the hour's settling time, see sync.ts) stay
 * in the day item for the billing page but are not billed.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const API_CALLS_ENTITY = 'ApiCallsDay';
export const FLUSH_EVERY_MS = 30_000;
/** Day items are kept ~13 months (TTL), enough for a year of charts and every billing dispute. */
const RETENTION_DAYS = 400;
const HOURS = Array.from({ length: 24 }, (_, h) => hourAttribute(h));

export const apiCallKeys = {
  partition: () => 'INSTALLATION',
  day: (day: string) => ({ pk: apiCallKeys.partition(), sk: `APICALLS#${day}` }),
  /** Sort key bounds of the days from `from` to `to`, both inclusive (`YYYY-MM-DD`). */
  days: (from: string, to: string) => ({ from: `APICALLS#${from}`, to: `APICALLS#${to}` }),
};

/** `YYYY-MM-DDTHH`, the UTC hour `at` falls in: the form usage reports name hours in. */
export function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

function hourAttribute(hour: number): string {
  return `h${String(hour).padStart(2, '0')}`;
}

/** The in-memory counter of one API function container. */
export interface ApiCallCounter {
  /** Counts one authenticated call at `now`; never touches the table. */
  count(now: Date): void;
  /** Writes the pending counts if due (30 s since the last flush, or the hour changed); never throws. */
  flushIfDue(now: Date): Promise<void>;
  /** Writes every pending count now (tests, and a container that knows it is going away). */
  flush(now: Date): Promise<void>;
}

export interface ApiCallCounterOptions {
  /** Told when a flush fails (its counts are dropped). */
  onFlushError?: (error: unknown, dropped: number) => void;
}

export function apiCallCounter(db: DynamoDBDocumentClient, tableName: string, options: ApiCallCounterOptions = {}): ApiCallCounter {
  let pending = new Map<string, number>();
  let lastFlushAt: number | undefined;
  let flushing: Promise<void> | undefined;

  const due = (now: Date) => {
    if (pending.size === 0) return false;
    const current = hourOf(now);
    if ([...pending.keys()].some((hour) => hour !== current)) return true;
    // The first flush waits 30 s too: a cold start is not a reason to write.
    lastFlushAt ??= now.getTime();
    return now.getTime() - lastFlushAt >= FLUSH_EVERY_MS;
  };

  async function write(now: Date) {
    const batch = pending;
    pending = new Map();
    lastFlushAt = now.getTime();
    const byDay = new Map<string, [string, number][]>();
    for (const [hour, calls] of batch) {
      const day = hour.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), [hourAttribute(Number(hour.slice(11, 13))), calls]]);
    }
    // Normally one day (two across midnight): one UpdateItem each, all hours in one ADD.
    await Promise.all(
      [...byDay].map(async ([day, hours]) => {
        try {
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: apiCallKeys.day(day),
              UpdateExpression: `SET entity = :entity, schemaVersion = :v, #day = :day, expiresAt = if_not_exists(expiresAt, :expires) ADD ${hours.map((_, i) => `#h${i} :n${i}`).join(', ')}`,
              ExpressionAttributeNames: { '#day': 'day', ...Object.fromEntries(hours.map(([attribute], i) => [`#h${i}`, attribute])) },
              ExpressionAttributeValues: {
                ':entity': API_CALLS_ENTITY,
                ':v': 1,
                ':day': day,
                ':expires': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + RETENTION_DAYS * 86_400,
                ...Object.fromEntries(hours.map(([, calls], i) => [`:n${i}`, calls])),
              },
            }),
          );
        } catch (error) {
          options.onFlushError?.(
            error,
            hours.reduce((sum, [, calls]) => sum + calls, 0),
          );
        }
      }),
    );
  }

  async function flush(now: Date) {
    // One flush at a time: counts arriving meanwhile go to the next one.
    while (flushing) await flushing;
    if (pending.size === 0) return;
    flushing = write(now).finally(() => {
      flushing = undefined;
    });
    await flushing;
  }

  return {
    count(now) {
      const hour = hourOf(now);
      pending.set(hour, (pending.get(hour) ?? 0) + 1);
    },
    async flushIfDue(now) {
      if (!flushing && due(now)) await flush(now);
    },
    flush,
  };
}

/** The reads of the counted calls: the billing page's figures and the sync's hourly reports. */
export interface ApiCallReader {
  /** Calls in the UTC month `now` is in (one Query of ≤ 31 day items). */
  thisMonth(now: Date): Promise<number>;
  /** Calls per UTC day for the `days` days up to and including today, oldest first, zeros filled in. */
  daily(now: Date, days?: number): Promise<{ day: string; calls: number }[]>;
  /** Calls in each of the given hours (`YYYY-MM-DDTHH`); one Query over the days they span. */
  hours(hours: readonly string[]): Promise<Map<string, number>>;
}

export const MAX_DAILY_DAYS = 31;

export function apiCallReader(db: DynamoDBDocumentClient, tableName: string): ApiCallReader {
  async function dayItems(from: string, to: string): Promise<Map<string, Record<string, unknown>>> {
    const range = apiCallKeys.days(from, to);
    const items = new Map<string, Record<string, unknown>>();
    let start: Record<string, unknown> | undefined;
    // ≤ 31 small items: one page in practice; the loop only guards against a 1 MB cut.
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': apiCallKeys.partition(), ':from': range.from, ':to': range.to },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) items.set(String(item.sk).slice('APICALLS#'.length), item);
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
  const total = (item: Record<string, unknown> | undefined) => HOURS.reduce((sum, h) => sum + Math.max(0, Number(item?.[h] ?? 0)), 0);

  return {
    async thisMonth(now) {
      const month = now.toISOString().slice(0, 7);
      const items = await dayItems(`${month}-01`, `${month}-31`);
      return [...items.values()].reduce((sum, item) => sum + total(item), 0);
    },
    async daily(now, days = 30) {
      const count = Math.min(Math.max(1, days), MAX_DAILY_DAYS);
      const series = Array.from({ length: count }, (_, i) => new Date(now.getTime() - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
      const items = await dayItems(series[0] as string, series[series.length - 1] as string);
      return series.map((day) => ({ day, calls: total(items.get(day)) }));
    },
    async hours(hours) {
      const result = new Map<string, number>();
      if (hours.length === 0) return result;
      const sorted = [...hours].sort();
      const items = await dayItems((sorted[0] as string).slice(0, 10), (sorted[sorted.length - 1] as string).slice(0, 10));
      for (const hour of hours) result.set(hour, Math.max(0, Number(items.get(hour.slice(0, 10))?.[hourAttribute(Number(hour.slice(11, 13)))] ?? 0)));
      return result;
    },
  };
}
