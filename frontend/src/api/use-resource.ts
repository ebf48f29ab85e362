/**
 * Loads one API resource for a component: loading, error (always an `ApiProblem`) or ready,
 * with a `retry()` for the error state. Aborts the request when the component goes away.
 * After a change the page made itself, `update()` edits the loaded data in place (no
 * spinner, focus stays put) and `refresh()` reloads it quietly, keeping what is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiProblem, asProblem } from './problem.js';

export type Resource<T> = { status: 'loading' } | { status: 'error'; problem: ApiProblem } | { status: 'ready'; data: T };

export interface ResourceControls<T> {
  /** Load again from scratch, showing the loading state. */
  retry(): void;
  /** Load again in the background; the current data stays until the new data arrives. */
  refresh(): void;
  /** Change the loaded data locally (after a write whose response says what changed). */
  update(change: (data: T) => T): void;
}

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>): Resource<T> & ResourceControls<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState({ n: 0, quiet: false });
  const hasData = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    if (!(attempt.quiet && hasData.current)) setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        hasData.current = true;
        setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        hasData.current = false;
        setState({ status: 'error', problem: asProblem(error) });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((a) => ({ n: a.n + 1, quiet: false })), []);
  const refresh = useCallback(() => setAttempt((a) => ({ n: a.n + 1, quiet: true })), []);
  const update = useCallback((change: (data: T) => T) => setState((s) => (s.status === 'ready' ? { status: 'ready', data: change(s.data) } : s)), []);
  return { ...state, retry, refresh, update };
}
