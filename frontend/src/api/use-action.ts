/**
 * State of one write the user started (invite, revoke, save): pending while it runs, then
 * the problem if it failed. `run` resolves to the result, or undefined after a failure, so
 * a caller reads `if (result) …` and the problem shows itself where the control is.
 */
import { useCallback, useRef, useState } from 'react';
import { useDismissFeedback } from '../components/feedback.js';
import { type ApiProblem, asProblem } from './problem.js';

export interface Action<A extends unknown[], T> {
  pending: boolean;
  problem?: ApiProblem;
  run(...args: A): Promise<T | undefined>;
  /** Forget the last problem (the user changed the input, or dismissed it). */
  reset(): void;
}

export function useAction<A extends unknown[], T>(perform: (...args: A) => Promise<T>): Action<A, T> {
  const [state, setState] = useState<{ pending: boolean; problem?: ApiProblem }>({ pending: false });
  // The latest function, so `run` stays stable while callers pass fresh closures.
  const latest = useRef(perform);
  latest.current = perform;
  // The last success message describes the state before this write; it goes when this starts.
  const dismissFeedback = useDismissFeedback();

  const run = useCallback(
    async (...args: A) => {
      dismissFeedback();
      setState({ pending: true });
      try {
        const result = await latest.current(...args);
        setState({ pending: false });
        return result;
      } catch (error) {
        setState({ pending: false, problem: asProblem(error) });
        return undefined;
      }
    },
    [dismissFeedback],
  );
  const reset = useCallback(() => setState((s) => (s.problem ? { pending: s.pending } : s)), []);
  return { ...state, run, reset };
}
