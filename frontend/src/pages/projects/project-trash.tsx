/** A project's trash: documents deleted from it, newest deletion first, restorable by writers until they are purged. */
import { useCallback } from 'react';
import { useApi } from '../../api/api-context.js';
import type { DocumentSummary } from '../../api/documents-api.js';
import type { Project } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { formatDate, plural } from '../../format.js';
import { DocumentsTable } from '../documents/documents-table.js';
import { canWriteIn } from './project-access.js';

export function ProjectTrash({ project, onRestored }: { project: Project; onRestored(): void }) {
  const api = useApi();
  const loadPage = useCallback((cursor: string | undefined, signal: AbortSignal) => api.listProjectTrash(project.id, { cursor }, signal), [api, project.id]);
  const trash = usePagedList<DocumentSummary>(loadPage);
  const canRestore = canWriteIn(project);
  const { announce } = useFeedback();
  // Its refusal (the documents quota, most likely) shows above the table rather than inside a cell.
  const restore = useAction(async (document: DocumentSummary) => {
    await api.restoreDocument(document.id);
    return document;
  });
  const onRestore = async (document: DocumentSummary) => {
    const restored = await restore.run(document);
    if (!restored) return;
    announce(`${restored.title} restored.`);
    trash.retry();
    onRestored();
  };

  return (
    <section aria-labelledby="trash-heading" aria-busy={trash.status === 'loading'} className="stack">
      <h2 id="trash-heading">Trash</h2>
      <p className="muted">Deleted documents stay here for 30 days, then they are purged for good.</p>
      {trash.status === 'loading' ? <StatusMessage>Loading the trash…</StatusMessage> : null}
      {trash.status === 'error' ? <ProblemMessage problem={trash.problem} onRetry={trash.retry} /> : null}
      {trash.status === 'ready' ? (
        <>
          {restore.problem ? <WriteProblem problem={restore.problem} /> : null}
          {trash.items.length === 0 ? (
            <p className="empty-state">The trash is empty.</p>
          ) : (
            <DocumentsTable
              documents={trash.items}
              labelledBy="trash-heading"
              when={{ label: 'Deleted', of: (d) => <TrashDates document={d} /> }}
              action={
                canRestore
                  ? {
                      label: 'Actions',
                      render: (d) => (
                        <button type="button" className="button button-secondary button-small" onClick={() => onRestore(d)} disabled={restore.pending}>
                          Restore<span className="visually-hidden"> {d.title}</span>
                        </button>
                      ),
                    }
                  : undefined
              }
            />
          )}
          <div className="list-footer">
            <p className="muted small" aria-live="polite">
              Showing {plural(trash.items.length, 'document')}
              {trash.hasMore ? '; more to load' : ''}.
            </p>
            {trash.hasMore ? (
              <button type="button" className="button button-secondary" onClick={trash.loadMore} disabled={trash.loadingMore}>
                {trash.loadingMore ? 'Loading more…' : 'Load more'}
              </button>
            ) : null}
          </div>
          {trash.moreProblem ? <InlineProblem problem={trash.moreProblem} /> : null}
        </>
      ) : null}
    </section>
  );
}

export function TrashDates({ document }: { document: { deletedAt?: string; purgeAt?: string } }) {
  return (
    <span className="stack-sm block">
      {document.deletedAt ? <span className="block">{formatDate(document.deletedAt)}</span> : null}
      {document.purgeAt ? <span className="block muted small">Purged on {formatDate(document.purgeAt)}</span> : null}
    </span>
  );
}
