/**
 * Shows an API problem: `ProblemMessage` for a section that could not load (title, detail,
 * Retry, the id to quote to support), `InlineProblem` beside a form or control whose write
 * failed, with the field-level reasons of a 400. A 403 also says what it means.
 */
import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/problem.js';

const FORBIDDEN_HINT = 'Your role, or a policy of this installation, does not allow it. An owner or admin can change that.';

export function ProblemMessage({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  const reference = problem.requestId ?? problem.correlationId;
  return (
    <div className="panel problem stack" role="alert">
      <h2>{problem.isForbidden ? 'Not allowed' : problem.title}</h2>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.isForbidden ? <p>{FORBIDDEN_HINT}</p> : null}
      {reference ? (
        <p className="muted small">
          Reference: <code>{reference}</code>
        </p>
      ) : null}
      {onRetry ? (
        <p>
          <button type="button" className="button button-primary" onClick={onRetry}>
            Retry
          </button>
        </p>
      ) : null}
    </div>
  );
}

export function InlineProblem({ problem, id, children }: { problem: ApiProblem; id?: string; children?: ReactNode }) {
  return (
    <div className="inline-problem" role="alert" id={id}>
      <p>
        <strong>{problem.isForbidden ? 'Not allowed.' : `${problem.title}.`}</strong> {problem.detail}
        {problem.isForbidden ? ` ${FORBIDDEN_HINT}` : null}
      </p>
      {problem.errors.length > 0 ? (
        <ul className="issue-list">
          {problem.errors.map((issue, index) => (
            // Issues have no identity of their own; their order is the server's.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index}>
              <code>{issue.message}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
