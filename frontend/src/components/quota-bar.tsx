/**
 * One quota: its label and limit, and, once metering reports usage, a meter of how much is
 * used. Without `used` it shows the limit alone rather than a made-up "0 used".
 */
import { useId } from 'react';
import { formatCount } from '../format.js';

export interface QuotaBarProps {
  label: string;
  limit: number;
  /** Current usage. @default undefined (only the limit is shown) */
  used?: number;
  /** How values read. @default formatCount (grouped integer) */
  format?: (value: number) => string;
}

export function QuotaBar({ label, limit, used, format = formatCount }: QuotaBarProps) {
  const labelId = useId();
  const share = used === undefined || limit <= 0 ? 0 : used / limit;
  return (
    <div className="quota" data-level={share >= 0.95 ? 'critical' : share >= 0.8 ? 'warning' : 'ok'}>
      <span className="quota-label" id={labelId}>
        {label}
      </span>
      {used === undefined ? (
        <span className="quota-limit">
          <span className="visually-hidden">Limit: </span>
          {format(limit)}
        </span>
      ) : (
        <>
          <meter
            className="quota-meter"
            aria-labelledby={labelId}
            min={0}
            max={limit}
            value={Math.min(used, limit)}
            low={limit * 0.8}
            high={limit * 0.95}
            optimum={0}
          />
          <span className="quota-usage">
            {format(used)} of {format(limit)} used
          </span>
        </>
      )}
    </div>
  );
}
