/**
 * The plan in force and how it stands: status, the trial's days left as a progress bar, the
 * payment grace or the fallback limits after it, and the license behind it all. The buttons
 * are the ones the view's `actions` allow: start the trial, manage billing in Stripe's
 * portal (the browser goes there), and the upgrade form.
 */
import { useId } from 'react';
import { useApi } from '../../api/api-context.js';
import type { BillingView } from '../../api/billing-api.js';
import { useAction } from '../../api/use-action.js';
import { StateBadge } from '../../components/badges.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDate } from '../../format.js';
import { days, LICENSE_WORDS, PLAN_NAMES, STATUS_WORDS, TRIAL_DAYS } from './billing-words.js';
import { UpgradeForm } from './upgrade-form.js';
import { FeatureChips } from '../../components/feature-chips.js';

export function PlanCard({ view, onView }: { view: BillingView; onView(next: BillingView): void }) {
  const api = useApi();
  const feedback = useFeedback();
  const headingId = useId();
  const trialProblemId = useId();
  const portalProblemId = useId();
  const trial = useAction(() => api.startTrial());
  const portal = useAction(() => api.openBillingPortal());
  const status = STATUS_WORDS[view.status];

  const onStartTrial = async () => {
    const next = await trial.run();
    if (!next) return;
    onView(next);
    feedback.announce(`Your ${TRIAL_DAYS}-day Pro trial has started.`);
  };

  const onPortal = async () => {
    const answer = await portal.run();
    // Stripe's page, opened for this installation by the control plane; it sends the browser back here.
    if (answer) window.location.assign(answer.url);
  };

  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Plan</h2>
      <dl className="facts">
        <div className="fact">
          <dt>Plan in force</dt>
          <dd>{PLAN_NAMES[view.plan]}</dd>
        </div>
        {view.paidPlan && view.paidPlan !== view.plan ? (
          <div className="fact">
            <dt>Plan paid for</dt>
            <dd>{PLAN_NAMES[view.paidPlan]}</dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Status</dt>
          <dd>
            <StateBadge label={status.label} tone={status.tone} />
          </dd>
        </div>
        <div className="fact">
          <dt>License</dt>
          <dd>
            {LICENSE_WORDS[view.license.state]}
            {view.license.expiresAt && view.license.state !== 'none' ? (
              <span className="row-detail">
                {view.license.state === 'valid' ? 'Renews automatically; valid until' : 'Expired on'} {formatDate(view.license.expiresAt)}
              </span>
            ) : null}
          </dd>
        </div>
        <div className="fact">
          <dt>Features</dt>
          <dd>
            <FeatureChips features={view.features} />
          </dd>
        </div>
      </dl>

      {view.status === 'trialing' && view.trialDaysLeft !== undefined ? <TrialProgress view={view} daysLeft={view.trialDaysLeft} /> : null}
      <GraceNotice view={view} />

      {view.actions.startTrial || view.actions.portal ? (
        <div className="button-row">
          {view.actions.startTrial ? (
            <button
              type="button"
              className="button button-primary"
              disabled={trial.pending}
              onClick={onStartTrial}
              aria-describedby={trial.problem ? trialProblemId : undefined}
            >
              {trial.pending ? 'Starting the trial…' : `Start ${TRIAL_DAYS}-day trial`}
            </button>
          ) : null}
          {view.actions.portal ? (
            <button
              type="button"
              className="button"
              disabled={portal.pending}
              onClick={onPortal}
              aria-describedby={portal.problem ? portalProblemId : undefined}
            >
              {portal.pending ? 'Opening Stripe…' : 'Manage billing'}
            </button>
          ) : null}
        </div>
      ) : null}
      {view.actions.startTrial ? (
        <p className="field-hint">The trial needs no card. Without one at its end, the installation returns to the free plan.</p>
      ) : null}
      {trial.problem ? <InlineProblem problem={trial.problem} id={trialProblemId} /> : null}
      {portal.problem ? <InlineProblem problem={portal.problem} id={portalProblemId} /> : null}
      {view.actions.checkout ? <UpgradeForm view={view} /> : null}
    </section>
  );
}

function TrialProgress({ view, daysLeft }: { view: BillingView; daysLeft: number }) {
  const labelId = useId();
  const used = Math.min(TRIAL_DAYS, Math.max(0, TRIAL_DAYS - daysLeft));
  return (
    <div className="billing-trial stack-sm">
      <p id={labelId}>
        <strong>Pro trial: {days(Math.max(0, daysLeft))} left</strong>
        {view.trialEndsAt ? ` (ends ${formatDate(view.trialEndsAt)})` : null}
      </p>
      <div className="export-progress">
        <progress className="progress" max={TRIAL_DAYS} value={used} aria-labelledby={labelId} />
        <span className="muted small">
          Day {Math.min(TRIAL_DAYS, used + 1)} of {TRIAL_DAYS}
        </span>
      </div>
      <p className="field-hint">Add a card in Manage billing before the trial ends to keep Pro; otherwise the installation returns to the free plan.</p>
    </div>
  );
}

function GraceNotice({ view }: { view: BillingView }) {
  if (view.degraded) {
    return (
      <p className="form-warning" role="status">
        The payment grace period has ended, so the free plan’s limits apply. Nothing was deleted: pay the open invoice in Manage billing and{' '}
        {view.paidPlan ? PLAN_NAMES[view.paidPlan] : 'your plan'} returns at once.
      </p>
    );
  }
  if (view.status !== 'past_due') return null;
  return (
    <p className="form-warning" role="status">
      The last payment failed. {view.graceDaysLeft !== undefined ? `${days(Math.max(0, view.graceDaysLeft))} of grace left` : 'A grace period applies'}
      {view.graceEndsAt ? ` (until ${formatDate(view.graceEndsAt)})` : ''}: update the payment method in Manage billing, or the free plan’s limits will apply.
      Nothing will be deleted.
    </p>
  );
}
