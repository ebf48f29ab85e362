/**
 * Daily API calls over the last 30 days: plain SVG bars (no chart library), hidden from
 * assistive technology, with a one-sentence summary as the caption and the same figures as
 * a table anyone can open. Days the server did not list count as zero.
 */
import { useId } from 'react';
import type { BillingView } from '../../api/billing-api.js';
import { DayBars, dayTotals } from '../../components/day-bars.js';
import { formatCount, plural } from '../../format.js';

const DAY_MS = 24 * 3600 * 1000;
const DAYS = 30;

/** The last 30 UTC days up to the newest day reported (or today), oldest first. */
export function lastThirtyDays(daily: BillingView['apiCallsDaily'], today = new Date()): { day: string; calls: number }[] {
  const calls = new Map(daily.map((d) => [d.day.slice(0, 10), d.calls]));
  const newest = daily.at(-1)?.day.slice(0, 10) ?? today.toISOString().slice(0, 10);
  const end = Date.parse(`${newest}T00:00:00Z`);
  return Array.from({ length: DAYS }, (_, i) => {
    const day = new Date(end - (DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return { day, calls: calls.get(day) ?? 0 };
  });
}

export function ApiCallsChart({ daily }: { daily: BillingView['apiCallsDaily'] }) {
  const captionId = useId();
  const days = lastThirtyDays(daily);
  const bars = days.map((d) => ({ day: d.day, value: d.calls }));
  const { total, busiest } = dayTotals(bars);
  const summary =
    total === 0 ? 'no calls in the last 30 days.' : `${plural(total, 'call')} in the last 30 days; busiest ${busiest.day} with ${formatCount(busiest.value)}.`;

  return (
    <figure className="day-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="day-chart-caption">
        API calls per day: {summary}
      </figcaption>
      <DayBars days={bars} />
      <details className="billing-chart-table">
        <summary>Show the daily figures</summary>
        <table className="billing-daily">
          <caption className="visually-hidden">API calls per day, last 30 days</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">API calls</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{formatCount(d.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
