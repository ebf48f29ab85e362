/** What this installation's plan allows: plan, status, where it comes from, seats, features and quota limits. */
import type { Me } from '../api/client.js';
import { formatBytes, formatCount, formatDate } from '../format.js';
import { QuotaBar } from './quota-bar.js';
import { FeatureChips } from './feature-chips.js';

type Entitlements = Me['entitlements'];

const SOURCE_LABELS: Record<Entitlements['source'], string> = {
  'community-default': 'Community defaults',
  license: 'License',
};

export function EntitlementsSummary({ entitlements }: { entitlements: Entitlements }) {
  const { quotas } = entitlements;
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Plan and limits</h2>
      <dl className="facts">
        <div className="fact">
          <dt>Plan</dt>
          <dd className="plan-name">{entitlements.plan}</dd>
        </div>
        <div className="fact">
          <dt>Status</dt>
          <dd>
            <span className="badge badge-status" data-status={entitlements.status}>
              {entitlements.status.replaceAll('_', ' ')}
            </span>
          </dd>
        </div>
        <div className="fact">
          <dt>Source</dt>
          <dd>{SOURCE_LABELS[entitlements.source]}</dd>
        </div>
        <div className="fact">
          <dt>Seats</dt>
          <dd>{formatCount(entitlements.seats)}</dd>
        </div>
        {entitlements.expiresAt ? (
          <div className="fact">
            <dt>Valid until</dt>
            <dd>{formatDate(entitlements.expiresAt)}</dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Features</dt>
          <dd>
            <FeatureChips features={entitlements.features} />
          </dd>
        </div>
      </dl>
      <h3 className="subheading">Limits</h3>
      <ul className="quota-list">
        <li>
          <QuotaBar label="Projects" limit={quotas.projects} />
        </li>
        <li>
          <QuotaBar label="Documents" limit={quotas.documents} />
        </li>
        <li>
          <QuotaBar label="Storage" limit={quotas.storageBytes} format={formatBytes} />
        </li>
        <li>
          <QuotaBar label="API calls per month" limit={quotas.apiCallsPerMonth} />
        </li>
      </ul>
    </section>
  );
}
