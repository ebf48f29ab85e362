/**
 * The link to the vendor's control plane: not connected (enter the activation code the
 * vendor sent), connected (when it last synced), or unreachable (the last sync and its
 * error; the last good license stays in force meanwhile). "Refresh now" pulls the license
 * and reports usage at once instead of waiting for the hourly sync.
 */
import { type FormEvent, useId, useState } from 'react';
import { activateRequestSchema } from '../../../../functions/licensing/billing-schemas.js';
import { useApi } from '../../api/api-context.js';
import type { BillingView } from '../../api/billing-api.js';
import { useAction } from '../../api/use-action.js';
import { StateBadge } from '../../components/badges.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDate, formatDateTime } from '../../format.js';

const STATE_WORDS: Record<BillingView['connection']['state'], { label: string; tone: 'ok' | 'warning' | 'neutral' }> = {
  'not-connected': { label: 'Not connected', tone: 'neutral' },
  connected: { label: 'Connected', tone: 'ok' },
  unreachable: { label: 'Unreachable', tone: 'warning' },
};

export function ConnectionCard({ view, onView }: { view: BillingView; onView(next: BillingView): void }) {
  const api = useApi();
  const feedback = useFeedback();
  const headingId = useId();
  const refreshProblemId = useId();
  const refresh = useAction(() => api.refreshBilling());
  const { connection } = view;
  const state = STATE_WORDS[connection.state];

  const onRefresh = async () => {
    const next = await refresh.run();
    if (!next) return;
    onView(next);
    feedback.announce(
      next.connection.state === 'unreachable' ? 'The control plane could not be reached; the last good license stays in force.' : 'License and usage synced.',
    );
  };

  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Connection to the vendor</h2>
      <dl className="facts">
        <div className="fact">
          <dt>State</dt>
          <dd>
            <StateBadge label={state.label} tone={state.tone} />
          </dd>
        </div>
        {connection.installationId ? (
          <div className="fact">
            <dt>Installation id</dt>
            <dd>
              <code className="billing-id">{connection.installationId}</code>
            </dd>
          </div>
        ) : null}
        {connection.state !== 'not-connected' ? (
          <div className="fact">
            <dt>Last sync</dt>
            <dd>{connection.lastSyncAt ? formatDateTime(connection.lastSyncAt) : 'Not yet'}</dd>
          </div>
        ) : null}
        {connection.state === 'unreachable' && connection.lastError ? (
          <div className="fact">
            <dt>Last error</dt>
            <dd>{connection.lastError}</dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Usage reports</dt>
          <dd>{connection.telemetry === 'on' ? 'On: hourly usage and a heartbeat' : 'Off: only license checks (a stack parameter)'}</dd>
        </div>
      </dl>
      {connection.state === 'unreachable' ? (
        <p className="form-warning">
          The control plane has not answered since the last sync. The last good license stays in force
          {view.license.expiresAt ? ` (it expired or expires on ${formatDate(view.license.expiresAt)}, then a grace period applies)` : ''}; nothing needs doing
          now, and the next sync catches up.
        </p>
      ) : null}
      {view.actions.activate ? <ActivationForm onView={onView} /> : null}
      {view.actions.refresh ? (
        <p>
          <button
            type="button"
            className="button"
            disabled={refresh.pending}
            onClick={onRefresh}
            aria-describedby={refresh.problem ? refreshProblemId : undefined}
          >
            {refresh.pending ? 'Refreshing…' : 'Refresh now'}
          </button>
        </p>
      ) : null}
      {refresh.problem ? <InlineProblem problem={refresh.problem} id={refreshProblemId} /> : null}
    </section>
  );
}

function ActivationForm({ onView }: { onView(next: BillingView): void }) {
  const api = useApi();
  const feedback = useFeedback();
  const codeId = useId();
  const errorId = useId();
  const problemId = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const activate = useAction((activationCode: string) => api.activateBilling({ activationCode }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = activateRequestSchema.safeParse({ activationCode: code });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'An activation code looks like ABCD-EFGH-JKLM-NPQR.');
      return;
    }
    const next = await activate.run(parsed.data.activationCode);
    if (!next) return;
    setCode('');
    onView(next);
    feedback.announce('Connected to the vendor: this installation now has a license.');
  };

  const describedBy = [`${codeId}-hint`, error ? errorId : undefined, activate.problem ? problemId : undefined].filter(Boolean).join(' ');
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={codeId}>Activation code</label>
        <p className="field-hint" id={`${codeId}-hint`}>
          The code the vendor sent you, like ABCD-EFGH-JKLM-NPQR. It connects this installation once; usage and a heartbeat are then sent hourly.
        </p>
        <input
          id={codeId}
          className="input input-mono input-medium"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          maxLength={40}
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
            setError(undefined);
            activate.reset();
          }}
          aria-invalid={error || activate.problem ? true : undefined}
          aria-describedby={describedBy}
        />
        {error ? (
          <p className="form-error" id={errorId} role="alert">
            {error}
          </p>
        ) : null}
      </div>
      {activate.problem ? <InlineProblem problem={activate.problem} id={problemId} /> : null}
      <p>
        <button type="submit" className="button button-primary" disabled={activate.pending}>
          {activate.pending ? 'Connecting…' : 'Connect'}
        </button>
      </p>
    </form>
  );
}
