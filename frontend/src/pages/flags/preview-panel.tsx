/**
 * "Preview as user": pick a member and see every flag's value for them, with the rule
 * that decided it, evaluated on the server with their groups, role and the plan in force.
 */
import { type FormEvent, useCallback, useId, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { FlagPreview } from '../../api/flags-api.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';

/** The members offered: the first page of the directory (by email). */
const MEMBERS_SHOWN = 100;

export function PreviewPanel() {
  const api = useApi();
  const headingId = useId();
  const selectId = useId();
  const members = useResource(useCallback((signal: AbortSignal) => api.listMembers({ limit: MEMBERS_SHOWN }, signal), [api]));
  const [userId, setUserId] = useState('');
  const [result, setResult] = useState<FlagPreview | undefined>();
  const preview = useAction((id: string) => api.previewFlags(id));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return;
    const answer = await preview.run(userId);
    if (answer) setResult(answer);
  };

  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Preview as user</h2>
      <p className="muted">Every flag’s value for one member, and which rule decided it.</p>
      {members.status === 'loading' ? <StatusMessage>Loading members…</StatusMessage> : null}
      {members.status === 'error' ? <ProblemMessage problem={members.problem} onRetry={members.retry} /> : null}
      {members.status === 'ready' ? (
        <form className="inline-form" onSubmit={onSubmit}>
          <div className="form-row">
            <div className="field field-grow">
              <label htmlFor={selectId}>Member</label>
              <select
                id={selectId}
                className="select"
                value={userId}
                onChange={(e) => {
                  setUserId(e.target.value);
                  preview.reset();
                }}
              >
                <option value="">Choose a member</option>
                {members.data.items.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.displayName} ({m.email})
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-action">
              <button type="submit" className="button button-primary" disabled={!userId || preview.pending}>
                {preview.pending ? 'Evaluating…' : 'Preview'}
              </button>
            </div>
          </div>
          {preview.problem ? <InlineProblem problem={preview.problem} /> : null}
        </form>
      ) : null}
      {result ? <PreviewResult preview={result} /> : null}
    </section>
  );
}

function PreviewResult({ preview }: { preview: FlagPreview }) {
  const captionId = useId();
  return (
    <div className="flag-preview">
      <table className="data-table">
        <caption id={captionId}>
          Flags for {preview.user.displayName} ({preview.user.role}, plan {preview.plan}, ring {preview.ring})
        </caption>
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Value</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {preview.flags.length === 0 ? (
            <tr>
              <td colSpan={3}>No flags are defined.</td>
            </tr>
          ) : null}
          {preview.flags.map((flag) => (
            <tr key={flag.key}>
              <th scope="row">
                <code>{flag.key}</code>
              </th>
              <td>
                <code>{String(flag.value)}</code> <span className="muted small">({flag.variant})</span>
              </td>
              <td>{flag.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
