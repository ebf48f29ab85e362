/**
 * Which hours a sync reports: only settled hours, oldest first, from the hour after the
 * cursor; across any sequence of syncs (hourly, late, failing for a day, a week-long
 * outage), every hour from the connection on is reported exactly once and none skipped.
 */
import { describe, expect, it } from 'vitest';
import { hourOf } from '../../../../functions/licensing/api-calls.js';
import { hoursToReport, lastSettledHour, MAX_HOURS_PER_SYNC, nextHour, reportsFor, SETTLE_MINUTES } from '../../../../functions/licensing/usage-reports.js';

const at = (iso: string) => new Date(iso);

describe('hoursToReport', () => {
  it('reports an hour only once it is complete and settled', () => {
    const connected = at('2026-11-24T09:20:00Z');
    expect(hoursToReport(undefined, connected, at('2026-11-24T10:05:00Z'))).toEqual([]);
    expect(hoursToReport(undefined, connected, at(`2026-11-24T10:${String(SETTLE_MINUTES).padStart(2, '0')}:00Z`))).toEqual(['2026-11-24T09']);
    expect(lastSettledHour(at('2026-11-24T00:09:59Z'))).toBe('2026-11-23T22');
  });

  it('starts after the cursor and crosses days and months', () => {
    expect(nextHour('2026-11-30T23')).toBe('2026-12-01T00');
    expect(hoursToReport('2026-11-30T22', at('2026-01-01T00:00:00Z'), at('2026-12-01T02:30:00Z'))).toEqual(['2026-11-30T23', '2026-12-01T00', '2026-12-01T01']);
  });

  it('never skips or repeats an hour over syncs at odd times, a day of failures and a week-long outage', () => {
    const connected = at('2026-11-01T08:47:00Z');
    let cursor: string | undefined;
    const reported: string[] = [];
    let lastSync = connected;
    // Syncs every 61 minutes, each of them failing (cursor unchanged) on day 3, nothing at all for 9 days, then hourly again.
    const end = at('2026-11-20T00:00:00Z').getTime();
    for (let t = connected.getTime() + 13 * 60_000; t < end; t += 61 * 60_000) {
      const now = new Date(t);
      if (now.toISOString().startsWith('2026-11-03')) continue;
      if (now >= at('2026-11-08T00:00:00Z') && now < at('2026-11-17T00:00:00Z')) continue;
      lastSync = now;
      const hours = hoursToReport(cursor, connected, now);
      expect(hours.length).toBeLessThanOrEqual(MAX_HOURS_PER_SYNC);
      reported.push(...hours);
      cursor = hours.at(-1) ?? cursor;
    }
    expect(new Set(reported).size).toBe(reported.length);
    const expected: string[] = [];
    for (let h = hourOf(connected); h <= (cursor as string); h = nextHour(h)) expected.push(h);
    expect(reported).toEqual(expected);
    // Caught up: the week-long backlog took two syncs, then each sync reported its one new hour.
    expect(cursor).toBe(lastSettledHour(lastSync));
  });
});

describe('reportsFor', () => {
  it('sends calls for hours that had any, and the levels for the latest hour only', () => {
    const hours = ['2026-11-24T07', '2026-11-24T08', '2026-11-24T09'];
    const reports = reportsFor(
      hours,
      new Map([
        ['2026-11-24T07', 12],
        ['2026-11-24T09', 3],
      ]),
      { seats: 4, storageBytes: 1_000, documents: 17, projects: 2 },
    );
    expect(reports).toEqual([
      { meter: 'apiCalls', hour: '2026-11-24T07', value: 12 },
      { meter: 'apiCalls', hour: '2026-11-24T09', value: 3 },
      { meter: 'seats', hour: '2026-11-24T09', value: 4 },
      { meter: 'storageBytes', hour: '2026-11-24T09', value: 1_000 },
      { meter: 'documents', hour: '2026-11-24T09', value: 17 },
      { meter: 'projects', hour: '2026-11-24T09', value: 2 },
    ]);
    expect(reportsFor([], new Map(), { seats: 1, storageBytes: 0, documents: 0, projects: 0 })).toEqual([]);
  });

  it('fits one request (≤ 200 reports) even for a full week of busy hours', () => {
    const hours = hoursToReport(undefined, at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'));
    expect(hours).toHaveLength(MAX_HOURS_PER_SYNC);
    const reports = reportsFor(hours, new Map(hours.map((h) => [h, 5])), { seats: 1, storageBytes: 0, documents: 0, projects: 0 });
    expect(reports.length).toBeLessThanOrEqual(200);
  });
});
