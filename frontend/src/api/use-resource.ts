/**
 * Loads one API resource for a component: loading, error (always an `ApiProblem`) or ready,
 * with a `retry()` for the error state. Aborts the request when the component goes away.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiProblem } from './problem.js';

export type Resource<T> = { status: 'loading' } | { status: 'error'; problem: ApiProblem } | { status: 'ready'; data: T };

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>): Resource<T> & { retry(): void } {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // `attempt` only exists to re-run this effect on retry.
    void attempt;
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const problem =
          error instanceof ApiProblem
            ? error
            : new ApiProblem({ title: 'Something went wrong', status: 0, detail: error instanceof Error ? error.message : String(error) }, '');
        setState({ status: 'error', problem });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
