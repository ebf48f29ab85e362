/** /shared: documents shared with me or one of my groups, newest share first, a page at a time. */
import { useCallback } from 'react';
import { useApi } from '../../api/api-context.js';
import type { DocumentSummary } from '../../api/documents-api.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useArrivalFeedback } from '../../components/arrival-feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { plural } from '../../format.js';
import { DocumentsTable } from './documents-table.js';

const PAGE_SIZE = 25;

export function SharedWithMePage() {
  useArrivalFeedback();
  const api = useApi();
  const loadPage = useCallback((cursor: string | undefined, signal: AbortSignal) => api.listSharedWithMe({ cursor, limit: PAGE_SIZE }, signal), [api]);
  const documents = usePagedList<DocumentSummary>(loadPage);

  return (
    <PageFrame title="Shared with me" description="Documents others shared with you or with one of your groups, newest share first.">
      <section className="card page-body" aria-labelledby="shared-heading" aria-busy={documents.status === 'loading'}>
        <h2 id="shared-heading">Documents</h2>
        {documents.status === 'loading' ? <StatusMessage>Loading shared documents…</StatusMessage> : null}
        {documents.status === 'error' ? <ProblemMessage problem={documents.problem} onRetry={documents.retry} /> : null}
        {documents.status === 'ready' ? (
          <>
            {documents.items.length === 0 ? (
              <p className="empty-state">Nothing has been shared with you yet.</p>
            ) : (
              <DocumentsTable documents={documents.items} labelledBy="shared-heading" />
            )}
            <div className="list-footer">
              <p className="muted small" aria-live="polite">
                Showing {plural(documents.items.length, 'document')}
                {documents.hasMore ? '; more to load' : ''}.
              </p>
              {documents.hasMore ? (
                <button type="button" className="button button-secondary" onClick={documents.loadMore} disabled={documents.loadingMore}>
                  {documents.loadingMore ? 'Loading more…' : 'Load more'}
                </button>
              ) : null}
            </div>
            {documents.moreProblem ? <InlineProblem problem={documents.moreProblem} /> : null}
          </>
        ) : null}
      </section>
    </PageFrame>
  );
}
