/** Shows an API problem (title, detail) with a Retry button and the id to quote to support. */
import type { ApiProblem } from '../api/problem.js';

export function ProblemMessage({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  const reference = problem.requestId ?? problem.correlationId;
  return (
    <div className="panel problem stack" role="alert">
      <h2>{problem.title}</h2>
      {problem.detail ? <p>{problem.detail}</p> : null}
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
