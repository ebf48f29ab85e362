/**
 * The explainer: pick a person, an action (from the one action table, with its description)
 * and whether they used a second factor; the API answers with the decision and the policies
 * that made it, evaluated by the same Cedar engine that guards every request.
 */
import { type FormEvent, useId, useState } from 'react';
import { ACTIONS, type Action, INSTALLATION_ACTIONS } from '../../../../functions/authz/actions.js';
import { useApi } from '../../api/api-context.js';
import type { Explanation, Member } from '../../api/client.js';
import type { Resource, ResourceControls } from '../../api/use-resource.js';
import { useAction } from '../../api/use-action.js';
import { InlineProblem } from '../../components/problem-message.js';
import { ExplanationView } from './explanation-view.js';

const ACTION_NAMES = INSTALLATION_ACTIONS;

export function Explainer({ directory }: { directory: Resource<Member[]> & ResourceControls<Member[]> }) {
  const api = useApi();
  const headingId = useId();
  const personId = useId();
  const actionId = useId();
  const actionHintId = useId();
  const mfaId = useId();
  const [userId, setUserId] = useState('');
  const [action, setAction] = useState<Action>('members:read');
  const [mfa, setMfa] = useState(false);
  const explain = useAction(() => api.explain({ userId, action, mfa }));
  const [result, setResult] = useState<Explanation>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return;
    const explanation = await explain.run();
    if (explanation) setResult(explanation);
  };

  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Explain a decision</h2>
      <p className="muted">Why may, or may not, someone do something? The answer comes from the same policies that decide every request.</p>
      <form className="stack" onSubmit={onSubmit}>
        <div className="form-row form-row-top">
          <div className="field field-grow">
            <label htmlFor={personId}>Person</label>
            <select
              id={personId}
              className="select"
              required
              value={userId}
              onChange={(event) => setUserId(event.target.value)}
              disabled={directory.status !== 'ready'}
            >
              <option value="">{directory.status === 'loading' ? 'Loading people…' : 'Choose a person'}</option>
              {directory.status === 'ready'
                ? directory.data.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.displayName} ({m.email})
                    </option>
                  ))
                : null}
            </select>
          </div>
          <div className="field field-grow">
            <label htmlFor={actionId}>Action</label>
            <select
              id={actionId}
              className="select"
              value={action}
              onChange={(event) => setAction(event.target.value as Action)}
              aria-describedby={actionHintId}
            >
              {ACTION_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name} — {ACTIONS[name].description}
                </option>
              ))}
            </select>
            <p className="field-hint" id={actionHintId}>
              {ACTIONS[action].description}.
            </p>
          </div>
        </div>
        <div className="checkbox">
          <input id={mfaId} type="checkbox" checked={mfa} onChange={(event) => setMfa(event.target.checked)} />
          <label htmlFor={mfaId}>Signed in with a second factor (MFA)</label>
        </div>
        {directory.status === 'error' ? (
          <InlineProblem problem={directory.problem}>
            <button type="button" className="button button-secondary" onClick={directory.retry}>
              Retry loading people
            </button>
          </InlineProblem>
        ) : null}
        {explain.problem ? <InlineProblem problem={explain.problem} /> : null}
        <p>
          <button type="submit" className="button button-primary" disabled={explain.pending || directory.status !== 'ready'}>
            {explain.pending ? 'Explaining…' : 'Explain'}
          </button>
        </p>
      </form>
      <ExplanationView explanation={result} />
    </section>
  );
}
