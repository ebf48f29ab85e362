/**
 * A project's documents, most recently updated first, a page at a time, and for editors
 * and owners of an active project "New document" (idempotent; the documents quota may
 * answer with the upgrade prompt).
 */
import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { documentTitle } from '../../../../functions/documents/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { DocumentSummary } from '../../api/documents-api.js';
import type { Project } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { withFeedback } from '../../components/arrival-feedback.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { plural } from '../../format.js';
import { DocumentsTable } from '../documents/documents-table.js';
import { AttemptKey, canWriteIn } from './project-access.js';

const PAGE_SIZE = 25;

export function ProjectDocuments({ project, onCountChanged }: { project: Project; onCountChanged(): void }) {
  const api = useApi();
  const loadPage = useCallback(
    (cursor: string | undefined, signal: AbortSignal) => api.listProjectDocuments(project.id, { cursor, limit: PAGE_SIZE }, signal),
    [api, project.id],
  );
  const documents = usePagedList<DocumentSummary>(loadPage);

  return (
    <div className="stack-lg">
      {canWriteIn(project) ? <NewDocumentForm project={project} onCreated={onCountChanged} /> : null}
      <section aria-labelledby="documents-heading" aria-busy={documents.status === 'loading'}>
        <h2 id="documents-heading">Documents</h2>
        {documents.status === 'loading' ? <StatusMessage>Loading documents…</StatusMessage> : null}
        {documents.status === 'error' ? <ProblemMessage problem={documents.problem} onRetry={documents.retry} /> : null}
        {documents.status === 'ready' ? (
          <>
            {documents.items.length === 0 ? (
              <p className="empty-state">No documents in this project yet.</p>
            ) : (
              <DocumentsTable documents={documents.items} labelledBy="documents-heading" />
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
    </div>
  );
}

function NewDocumentForm({ project, onCreated }: { project: Project; onCreated(): void }) {
  const api = useApi();
  const navigate = useNavigate();
  const titleId = useId();
  const problemId = useId();
  const [title, setTitle] = useState('');
  const attempt = useRef(new AttemptKey());
  const create = useAction(() => {
    const body = { title: documentTitle.parse(title), body: '', tags: [] };
    return api.createDocument(project.id, body, attempt.current.for(body));
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const document = await create.run();
    if (!document) return;
    attempt.current.done();
    onCreated();
    navigate(`/documents/${encodeURIComponent(document.id)}`, withFeedback(`Document ${document.title} created.`));
  };

  return (
    <section aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`}>New document</h2>
      <form className="inline-form" onSubmit={onSubmit}>
        <div className="form-row">
          <div className="field field-grow">
            <label htmlFor={titleId}>Title</label>
            <input
              id={titleId}
              className="input"
              required
              maxLength={200}
              value={title}
              onChange={(event) => {
                setTitle(event.target.value);
                create.reset();
              }}
              aria-describedby={create.problem ? problemId : undefined}
            />
          </div>
          <div className="field field-action">
            <button type="submit" className="button button-primary" disabled={create.pending}>
              {create.pending ? 'Creating…' : 'Create document'}
            </button>
          </div>
        </div>
        {create.problem ? <WriteProblem problem={create.problem} id={problemId} /> : null}
      </form>
    </section>
  );
}
