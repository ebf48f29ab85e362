/**
 * Hourly usage reports: which hours to report, what to report for them, and the cursor
 * that says which hour was reported last (`INSTALLATION` / `USAGE#CURSOR`).
 *
 * An hour is reported once it is complete and has settled for `SETTLE_MINUTES` (so the
 * API containers' last in-memory counts of it have been flushed, see api-calls.ts). Hours
 * are reported oldest first, from the hour after the cursor (or the hour the installation
 * connected), at most `MAX_HOURS_PER_SYNC` per sync, so an outage of any length is caught
 * up over the following syncs and no hour is skipped. The cursor only moves forward, to
 * the last hour the control plane acknowledged; a sync that fails leaves it, so the next
 * one sends the same hours again, and the control plane's dedup by (installation, meter,
 * hour) makes a repeat bill nothing twice.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../platform/dynamo.js';
import { hourOf } from './api-calls.js';
import type { UsageReport } from './control-plane-api.js';

export const USAGE_CURSOR_ENTITY = 'UsageReportCursor';
export const SETTLE_MINUTES = 10;
/** A week of hours: one request (≤ 200 reports) even with the levels of the last hour. */
export const MAX_HOURS_PER_SYNC = 168;
const HOUR_MS = 3_600_000;

export const usageCursorKeys = {
  cursor: () => ({ pk: 'INSTALLATION', sk: 'USAGE#CURSOR' }),
};

/** The hour after `hour` (`YYYY-MM-DDTHH`). */
export function nextHour(hour: string): string {
  return hourOf(new Date(Date.parse(`${hour}:00:00Z`) + HOUR_MS));
}

/** The last hour that is complete and settled at `now`. */
export function lastSettledHour(now: Date): string {
  return hourOf(new Date(now.getTime() - HOUR_MS - SETTLE_MINUTES * 60_000));
}

/**
 * The hours to report now, oldest first: after `lastReported` (or from the hour of
 * `connectedAt` when nothing was reported yet) up to the last settled hour, at most
 * `MAX_HOURS_PER_SYNC`.
 */
export function hoursToReport(lastReported: string | undefined, connectedAt: Date, now: Date): string[] {
  const last = lastSettledHour(now);
  const hours: string[] = [];
  for (let hour = lastReported ? nextHour(lastReported) : hourOf(connectedAt); hour <= last && hours.length < MAX_HOURS_PER_SYNC; hour = nextHour(hour)) {
    hours.push(hour);
  }
  return hours;
}

export interface Levels {
  seats: number;
  storageBytes: number;
  documents: number;
  projects: number;
}

/**
 * The reports for `hours`: API calls of each hour (an hour without calls sends nothing),
 * and the levels, known only for now, reported for the latest hour alone (a level is
 * "the value at the end of the hour"; now is closest to the latest one).
 */
export function reportsFor(hours: readonly string[], apiCalls: ReadonlyMap<string, number>, levels: Levels): UsageReport[] {
  const latest = hours[hours.length - 1];
  if (latest === undefined) return [];
  const calls = hours.flatMap((hour) => {
    const value = apiCalls.get(hour) ?? 0;
    return value > 0 ? [{ meter: 'apiCalls' as const, hour, value }] : [];
  });
  const levelReports = (['seats', 'storageBytes', 'documents', 'projects'] as const).map((meter) => ({
    meter,
    hour: latest,
    value: Math.max(0, levels[meter]),
  }));
  return [...calls, ...levelReports];
}

export interface UsageCursorStore {
  /** The last hour acknowledged by the control plane, if any. */
  get(): Promise<string | undefined>;
  /**
   * Moves the cursor from `from` to `to`; false (and nothing written) if another sync moved
   * it meanwhile. Never moves it backwards.
   */
  advance(from: string | undefined, to: string): Promise<boolean>;
}

export function dynamoUsageCursor(db: DynamoDBDocumentClient, tableName: string): UsageCursorStore {
  return {
    async get() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: usageCursorKeys.cursor(), ConsistentRead: true }));
      return typeof Item?.lastReportedHour === 'string' ? Item.lastReportedHour : undefined;
    },
    async advance(from, to) {
      if (from !== undefined && to <= from) return false;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: usageCursorKeys.cursor(),
            UpdateExpression: 'SET entity = :entity, schemaVersion = :v, lastReportedHour = :to',
            ConditionExpression: from === undefined ? 'attribute_not_exists(lastReportedHour)' : 'lastReportedHour = :from',
            ExpressionAttributeValues: { ':entity': USAGE_CURSOR_ENTITY, ':v': 1, ':to': to, ...(from === undefined ? {} : { ':from': from }) },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
