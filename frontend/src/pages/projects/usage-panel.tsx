/** The metered quotas (GET /api/usage) as bars: projects, documents and attachment storage against the plan's limits. */
import { useApi } from '../../api/api-context.js';
import type { Usage } from '../../api/usage-api.js';
import { type Resource, useResource } from '../../api/use-resource.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { QuotaBar } from '../../components/quota-bar.js';
import { StatusMessage } from '../../components/status-message.js';
import { formatBytes } from '../../format.js';

export function useUsage() {
  const api = useApi();
  return useResource(api.getUsage);
}

export function UsagePanel({ usage }: { usage: Resource<Usage> & { retry(): void } }) {
  return (
    <section className="card" aria-labelledby="usage-heading" aria-busy={usage.status === 'loading'}>
      <h2 id="usage-heading">Usage</h2>
      {usage.status === 'loading' ? <StatusMessage>Loading usage…</StatusMessage> : null}
      {usage.status === 'error' ? <ProblemMessage problem={usage.problem} onRetry={usage.retry} /> : null}
      {usage.status === 'ready' ? (
        <ul className="quota-list quota-list-3">
          <li>
            <QuotaBar label="Projects" used={usage.data.projects.used} limit={usage.data.projects.limit} />
          </li>
          <li>
            <QuotaBar label="Documents" used={usage.data.documents.used} limit={usage.data.documents.limit} />
          </li>
          <li>
            <QuotaBar label="Attachment storage" used={usage.data.storageBytes.used} limit={usage.data.storageBytes.limit} format={formatBytes} />
          </li>
        </ul>
      ) : null}
    </section>
  );
}
