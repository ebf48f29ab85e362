/**
 * A list the API serves in pages ("Load more"): the first page loads like any resource; each
 * further page is appended, and a failure to load more keeps what is shown and says why.
 */
import { useCallback, useEffect, useState } from 'react';
import { type ApiProblem, asProblem } from './problem.js';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type PagedList<T> =
  | { status: 'loading' }
  | { status: 'error'; problem: ApiProblem }
  | { status: 'ready'; items: T[]; hasMore: boolean; loadingMore: boolean; moreProblem?: ApiProblem };

export interface PagedListControls<T> {
  retry(): void;
  loadMore(): void;
  /** Replace one loaded item (after a write answered with the changed item). */
  replace(matches: (item: T) => boolean, next: T): void;
}

interface State<T> {
  status: 'loading' | 'error' | 'ready';
  items: T[];
  cursor?: string;
  problem?: ApiProblem;
  loadingMore: boolean;
  moreProblem?: ApiProblem;
}

export function usePagedList<T>(loadPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>): PagedList<T> & PagedListControls<T> {
  const [state, setState] = useState<State<T>>({ status: 'loading', items: [], loadingMore: false });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    void attempt; // re-runs the first page on retry
    const controller = new AbortController();
    setState({ status: 'loading', items: [], loadingMore: false });
    loadPage(undefined, controller.signal).then(
      (page) => !controller.signal.aborted && setState({ status: 'ready', items: page.items, cursor: page.nextCursor, loadingMore: false }),
      (error: unknown) => !controller.signal.aborted && setState({ status: 'error', items: [], problem: asProblem(error), loadingMore: false }),
    );
    return () => controller.abort();
  }, [loadPage, attempt]);

  const loadMore = useCallback(() => {
    if (state.status !== 'ready' || !state.cursor || state.loadingMore) return;
    const cursor = state.cursor;
    setState((s) => ({ ...s, loadingMore: true, moreProblem: undefined }));
    loadPage(cursor, new AbortController().signal).then(
      (page) => setState((s) => (s.cursor === cursor ? { ...s, items: [...s.items, ...page.items], cursor: page.nextCursor, loadingMore: false } : s)),
      (error: unknown) => setState((s) => ({ ...s, loadingMore: false, moreProblem: asProblem(error) })),
    );
  }, [loadPage, state.status, state.cursor, state.loadingMore]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback(
    (matches: (item: T) => boolean, next: T) => setState((s) => ({ ...s, items: s.items.map((item) => (matches(item) ? next : item)) })),
    [],
  );

  const controls = { retry, loadMore, replace };
  if (state.status === 'loading') return { status: 'loading', ...controls };
  if (state.status === 'error') return { status: 'error', problem: state.problem ?? asProblem('Unknown error'), ...controls };
  return { status: 'ready', items: state.items, hasMore: Boolean(state.cursor), loadingMore: state.loadingMore, moreProblem: state.moreProblem, ...controls };
}
