/**
 * /trash: projects moved to the trash that I may manage, with when each is purged for good,
 * and Restore (the projects quota is checked again: a full quota shows the upgrade prompt).
 * Trashed documents are in each project's own Trash tab.
 */
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { TRASH_RETENTION_DAYS } from '../../../../functions/projects/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { Project } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useArrivalFeedback } from '../../components/arrival-feedback.js';
import { useFeedback } from '../../components/feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { formatCount, formatDate, plural } from '../../format.js';
import { projectRoleAtLeast } from '../projects/project-access.js';

const PAGE_SIZE = 25;

export function TrashPage() {
  useArrivalFeedback();
  const api = useApi();
  const loadPage = useCallback(
    (cursor: string | undefined, signal: AbortSignal) => api.listProjects({ status: 'trashed', cursor, limit: PAGE_SIZE }, signal),
    [api],
  );
  const projects = usePagedList<Project>(loadPage);
  const { announce } = useFeedback();
  // One restore at a time; its refusal (a full quota, most likely) shows above the table, not squeezed into a cell.
  const restore = useAction(async (project: Project) => {
    await api.restoreProject(project.id);
    return project;
  });
  const onRestore = async (project: Project) => {
    const restored = await restore.run(project);
    if (!restored) return;
    announce(`${restored.name} restored.`);
    projects.retry();
  };

  return (
    <PageFrame title="Trash" description={`Deleted projects stay here for ${TRASH_RETENTION_DAYS} days; their owners can restore them until then.`}>
      <section className="card page-body" aria-labelledby="trash-heading" aria-busy={projects.status === 'loading'}>
        <h2 id="trash-heading">Deleted projects</h2>
        {projects.status === 'loading' ? <StatusMessage>Loading the trash…</StatusMessage> : null}
        {projects.status === 'error' ? <ProblemMessage problem={projects.problem} onRetry={projects.retry} /> : null}
        {projects.status === 'ready' ? (
          <>
            {restore.problem ? <WriteProblem problem={restore.problem} /> : null}
            {projects.items.length === 0 ? (
              <p className="empty-state">The trash is empty.</p>
            ) : (
              <table className="data-table" aria-labelledby="trash-heading">
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col">Documents</th>
                    <th scope="col">Deleted</th>
                    <th scope="col">Purged on</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {projects.items.map((project) => (
                    <tr key={project.id}>
                      <th scope="row" data-label="Project" className="break-anywhere">
                        {project.name}
                      </th>
                      <td data-label="Documents">{formatCount(project.documentCount)}</td>
                      <td data-label="Deleted">{project.deletedAt ? formatDate(project.deletedAt) : '—'}</td>
                      <td data-label="Purged on">{project.purgeAt ? formatDate(project.purgeAt) : '—'}</td>
                      <td data-label="Actions">
                        {projectRoleAtLeast(project, 'owner') ? (
                          <div className="button-row">
                            <button
                              type="button"
                              className="button button-secondary button-small"
                              onClick={() => onRestore(project)}
                              disabled={restore.pending}
                            >
                              Restore<span className="visually-hidden"> {project.name}</span>
                            </button>
                            <Link className="small" to={`/projects/${encodeURIComponent(project.id)}`}>
                              Open<span className="visually-hidden"> {project.name}</span>
                            </Link>
                          </div>
                        ) : (
                          <span className="muted small">Only its owners can restore it</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="list-footer">
              <p className="muted small" aria-live="polite">
                Showing {plural(projects.items.length, 'project')}
                {projects.hasMore ? '; more to load' : ''}.
              </p>
              {projects.hasMore ? (
                <button type="button" className="button button-secondary" onClick={projects.loadMore} disabled={projects.loadingMore}>
                  {projects.loadingMore ? 'Loading more…' : 'Load more'}
                </button>
              ) : null}
            </div>
            {projects.moreProblem ? <InlineProblem problem={projects.moreProblem} /> : null}
          </>
        ) : null}
      </section>
    </PageFrame>
  );
}
