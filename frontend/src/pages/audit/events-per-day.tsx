/**
 * A small bar chart of events per day across the range: plain SVG, one bar a day. Screen
 * readers get a one-sentence summary and a table of the non-empty days instead of the
 * picture. Without filters it shows the server's daily counts (every entry of the range);
 * with filters it counts the matching entries loaded so far, and says which it shows.
 */
import { useId } from 'react';
import type { AuditEntry } from '../../api/audit-api.js';
import { DayBars, dayTotals } from '../../components/day-bars.js';
import { formatCount, plural } from '../../format.js';

const DAY_MS = 24 * 3600 * 1000;
const MAX_BARS = 400;

export type DayCount = { day: string; count: number };

/** Counts of the loaded entries per day, for a filtered view the daily counters cannot serve. */
export function countLoaded(entries: readonly AuditEntry[]): DayCount[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.occurredAt.slice(0, 10), (counts.get(e.occurredAt.slice(0, 10)) ?? 0) + 1);
  return [...counts].map(([day, count]) => ({ day, count }));
}

/** Every day of the range, with its count or 0. */
export function everyDay(known: readonly DayCount[], range: { from: string; to: string }): DayCount[] {
  const counts = new Map(known.map((d) => [d.day, d.count]));
  const days: { day: string; count: number }[] = [];
  const start = Date.parse(`${range.from.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(`${range.to.slice(0, 10)}T00:00:00Z`);
  for (let t = start; t <= end && days.length < MAX_BARS; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push({ day, count: counts.get(day) ?? 0 });
  }
  return days;
}

export interface EventsPerDayProps {
  counts: readonly DayCount[];
  range: { from: string; to: string };
  /** What the counts cover, for the caption: every entry, or the matching ones loaded so far. */
  scope: 'all' | 'loaded' | 'matching';
}

const SCOPE_LABELS: Record<EventsPerDayProps['scope'], string> = {
  all: 'Events per day',
  matching: 'Matching events per day',
  loaded: 'Matching events per day, of those loaded so far',
};

export function EventsPerDay({ counts, range, scope }: EventsPerDayProps) {
  const headingId = useId();
  const days = everyDay(counts, range);
  const bars = days.map((d) => ({ day: d.day, value: d.count }));
  const { total, busiest } = dayTotals(bars);
  const active = days.filter((d) => d.count > 0);
  const summary =
    total === 0
      ? 'none in this range.'
      : `${plural(total, 'event')} over ${plural(days.length, 'day')}; busiest ${busiest.day} with ${formatCount(busiest.value)}.`;

  return (
    <figure className="day-chart" aria-labelledby={headingId}>
      <figcaption id={headingId} className="day-chart-caption">
        {SCOPE_LABELS[scope]}: {summary}
      </figcaption>
      <DayBars days={bars} />
      {active.length > 0 ? (
        <table className="visually-hidden">
          <caption>Events per day with at least one event</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Events</th>
            </tr>
          </thead>
          <tbody>
            {active.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}
