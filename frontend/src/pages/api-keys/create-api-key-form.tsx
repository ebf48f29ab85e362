/**
 * Create a key: a name, at least one scope, and a lifetime of 30 to 365 days (the API's
 * limit is a year). Scopes are described by the actions they allow, read from ACTIONS.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ACTIONS, type Scope, SCOPES } from '../../../../functions/authz/actions.js';
import { useApi } from '../../api/api-context.js';
import type { CreatedApiKey } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { InlineProblem } from '../../components/problem-message.js';

const LIFETIMES = [30, 90, 180, 365] as const;
const DEFAULT_LIFETIME = 90;

const SCOPE_LABELS: Record<Scope, string> = { read: 'Read', write: 'Write', admin: 'Admin' };
const actionsIn = (scope: Scope) => Object.entries(ACTIONS).filter(([, action]) => action.scope === scope);

export function CreateApiKeyForm({ onCreated, focusOnMount = false }: { onCreated(created: CreatedApiKey): void; focusOnMount?: boolean }) {
  const api = useApi();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const nameId = useId();
  const expiryId = useId();
  const scopeProblemId = useId();
  const problemId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [expiresInDays, setExpiresInDays] = useState<number>(DEFAULT_LIFETIME);
  const [scopeMissing, setScopeMissing] = useState(false);
  const create = useAction(() => api.createApiKey({ name: name.trim(), scopes, expiresInDays }));

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  const toggle = (scope: Scope, on: boolean) => {
    setScopes((current) => (on ? SCOPES.filter((s) => s === scope || current.includes(s)) : current.filter((s) => s !== scope)));
    setScopeMissing(false);
    create.reset();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (scopes.length === 0) {
      setScopeMissing(true);
      return;
    }
    const result = await create.run();
    if (!result) return;
    setName('');
    onCreated(result);
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        New API key
      </h2>
      <form className="stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <p className="field-hint" id={`${nameId}-hint`}>
            What uses it, so you know what breaks if you revoke it: “CI deploys”, “Billing export”.
          </p>
          <input
            id={nameId}
            className="input input-medium"
            required
            maxLength={100}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              create.reset();
            }}
            aria-describedby={`${nameId}-hint`}
          />
        </div>
        <fieldset className="field checkbox-group" aria-invalid={scopeMissing || undefined} aria-describedby={scopeMissing ? scopeProblemId : undefined}>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => {
            const actions = actionsIn(scope);
            const hintId = `${nameId}-scope-${scope}`;
            return (
              <div className="checkbox" key={scope}>
                <input
                  type="checkbox"
                  id={`${hintId}-input`}
                  checked={scopes.includes(scope)}
                  onChange={(event) => toggle(scope, event.target.checked)}
                  aria-describedby={hintId}
                />
                <label htmlFor={`${hintId}-input`}>{SCOPE_LABELS[scope]}</label>
                <p className="field-hint" id={hintId}>
                  {actions.length === 0 ? 'No action needs it yet.' : actions.map(([action]) => action).join(', ')}
                </p>
              </div>
            );
          })}
          {scopeMissing ? (
            <p className="form-error" id={scopeProblemId} role="alert">
              Choose at least one scope.
            </p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={expiryId}>Expires after</label>
          <select id={expiryId} className="select" value={expiresInDays} onChange={(event) => setExpiresInDays(Number(event.target.value))}>
            {LIFETIMES.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
        </div>
        {create.problem ? <InlineProblem problem={create.problem} id={problemId} /> : null}
        <p>
          <button type="submit" className="button button-primary" disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create key'}
          </button>
        </p>
      </form>
    </section>
  );
}
