/**
 * A count per day as plain SVG bars (no chart library), with the first and last day under
 * them. Decorative: hidden from assistive technology, so every caller gives a caption that
 * says what the bars say (`dayTotals` helps) and the figures as a table. Used by the audit
 * log (events per day) and the billing page (API calls per day).
 */
export interface DayValue {
  day: string;
  value: number;
}

const HEIGHT = 60;

/** The sum and the busiest day, for a caption. */
export function dayTotals(days: readonly DayValue[]): { total: number; busiest: DayValue } {
  const total = days.reduce((sum, d) => sum + d.value, 0);
  const busiest = days.reduce((a, b) => (b.value > a.value ? b : a), days[0] ?? { day: '', value: 0 });
  return { total, busiest };
}

export function DayBars({ days }: { days: readonly DayValue[] }) {
  const max = Math.max(1, ...days.map((d) => d.value));
  const width = Math.max(days.length * 8, 80);
  const slot = width / Math.max(1, days.length);
  return (
    <>
      <svg className="day-bars" viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {days.map((d, i) => {
          const h = d.value === 0 ? 0 : Math.max(2, (d.value / max) * (HEIGHT - 4));
          return <rect key={d.day} x={i * slot + 1} y={HEIGHT - h} width={Math.max(1, slot - 2)} height={h} className="day-bars-bar" />;
        })}
      </svg>
      <div className="day-bars-axis" aria-hidden="true">
        <span>{days[0]?.day}</span>
        <span>{days.at(-1)?.day}</span>
      </div>
    </>
  );
}
