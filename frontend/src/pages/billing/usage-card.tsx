/** Seats and the metered quotas against the limits in force, as bars (the shared QuotaBar: a labelled meter plus the numbers in words). */
import { useId } from 'react';
import type { BillingView } from '../../api/billing-api.js';
import { QuotaBar } from '../../components/quota-bar.js';
import { formatBytes } from '../../format.js';
import { ApiCallsChart } from './api-calls-chart.js';

export function UsageCard({ view }: { view: BillingView }) {
  const headingId = useId();
  const { usage, seats } = view;
  return (
    <section className="card stack billing-usage" aria-labelledby={headingId}>
      <h2 id={headingId}>Usage</h2>
      {view.degraded ? <p className="muted">Limits shown are the free plan’s, which apply until the overdue payment is made.</p> : null}
      <ul className="quota-list quota-list-3">
        <li>
          <QuotaBar label="Seats" used={seats.used} limit={seats.limit} />
        </li>
        <li>
          <QuotaBar label="Projects" used={usage.projects.used} limit={usage.projects.limit} />
        </li>
        <li>
          <QuotaBar label="Documents" used={usage.documents.used} limit={usage.documents.limit} />
        </li>
        <li>
          <QuotaBar label="Attachment storage" used={usage.storageBytes.used} limit={usage.storageBytes.limit} format={formatBytes} />
        </li>
        <li>
          <QuotaBar label="API calls this month" used={usage.apiCallsThisMonth.used} limit={usage.apiCallsThisMonth.limit} />
        </li>
      </ul>
      <ApiCallsChart daily={view.apiCallsDaily} />
    </section>
  );
}
