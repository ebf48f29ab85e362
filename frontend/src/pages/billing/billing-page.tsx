/**
 * /billing, for admins and owners: the plan and how it stands, the connection to the
 * vendor's control plane (activation, last sync), seats and usage against the plan's
 * quotas with the daily API calls, and the ways to change the plan (trial, Checkout,
 * Portal). Every figure comes from GET /api/billing; the buttons are the ones its
 * `actions` allow. Coming back from Checkout refreshes the license at once.
 */
import { useCallback } from 'react';
import { useApi } from '../../api/api-context.js';
import type { BillingView } from '../../api/billing-api.js';
import { useMe } from '../../api/me-context.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { type CheckoutReturn, useCheckoutReturn } from './checkout-return.js';
import { ConnectionCard } from './connection-card.js';
import { PlanCard } from './plan-card.js';
import { UsageCard } from './usage-card.js';

export function BillingPage() {
  return (
    <PageFrame title="Billing" description="This installation’s plan, its license from the vendor, usage against the plan’s limits, and upgrades.">
      <WithPermission need="administer" audience="admins and owners">
        {() => <BillingContent />}
      </WithPermission>
    </PageFrame>
  );
}

function BillingContent() {
  const api = useApi();
  const billing = useResource(useCallback((signal: AbortSignal) => api.getBilling(signal), [api]));
  const { update } = billing;
  const { refresh: refreshMe } = useMe();
  // The plan and status also live in /api/me (the past-due banner, limits elsewhere): reload it quietly.
  const onView = useCallback(
    (next: BillingView) => {
      update(() => next);
      refreshMe();
    },
    [update, refreshMe],
  );
  const checkout = useCheckoutReturn(onView);

  return (
    <div className="page-body stack-lg" aria-busy={billing.status === 'loading'}>
      <CheckoutNotice result={checkout.result} onDismiss={checkout.dismiss} />
      {billing.status === 'loading' ? <StatusMessage>Loading billing…</StatusMessage> : null}
      {billing.status === 'error' ? <ProblemMessage problem={billing.problem} onRetry={billing.retry} /> : null}
      {billing.status === 'ready' ? (
        <>
          <PlanCard view={billing.data} onView={onView} />
          <ConnectionCard view={billing.data} onView={onView} />
          <UsageCard view={billing.data} />
        </>
      ) : null}
    </div>
  );
}

function CheckoutNotice({ result, onDismiss }: { result: CheckoutReturn; onDismiss(): void }) {
  switch (result.state) {
    case 'refreshing':
      return <StatusMessage>Back from Stripe Checkout: refreshing your license…</StatusMessage>;
    case 'cancelled':
      return (
        <div className="panel stack-sm" role="status">
          <p>Checkout was cancelled: nothing was charged and the plan is unchanged.</p>
          <p>
            <button type="button" className="button button-small" onClick={onDismiss}>
              Dismiss
            </button>
          </p>
        </div>
      );
    case 'pending':
      return (
        <div className="panel stack-sm" role="status">
          <p>
            Stripe has your payment, but the vendor has not confirmed it yet. The license updates by itself within the hour; use Refresh now below to check
            sooner.
          </p>
          <p>
            <button type="button" className="button button-small" onClick={onDismiss}>
              Dismiss
            </button>
          </p>
        </div>
      );
    case 'failed':
      return (
        <InlineProblem problem={result.problem}>
          <p>The payment is safe with Stripe; the license could not be refreshed just now. Use Refresh now below to try again.</p>
        </InlineProblem>
      );
    default:
      return null;
  }
}
