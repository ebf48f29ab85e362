/**
 * /projects: the projects I hold a grant on (admins: all), active or archived, a page at a
 * time, with the usage against the plan's quotas and, for members and up, "New project".
 */
import { useCallback, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import { useMe } from '../../api/me-context.js';
import type { Project } from '../../api/projects-api.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useArrivalFeedback } from '../../components/arrival-feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { Tabs } from '../../components/tabs.js';
import { plural } from '../../format.js';
import { CreateProjectDialog } from './create-project-dialog.js';
import { canCreateProjects } from './project-access.js';
import { ProjectsTable } from './projects-table.js';
import { UsagePanel, useUsage } from './usage-panel.js';

const PAGE_SIZE = 25;
const TABS = [
  { key: 'active', label: 'Active' },
  { key: 'archived', label: 'Archived' },
] as const;
type ListStatus = (typeof TABS)[number]['key'];

export function ProjectsPage() {
  useArrivalFeedback();
  const me = useMe();
  const usage = useUsage();
  const [params, setParams] = useSearchParams();
  const status: ListStatus = params.get('status') === 'archived' ? 'archived' : 'active';
  const [creating, setCreating] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const mayCreate = me.status === 'ready' && canCreateProjects(me.data.user.role);

  return (
    <PageFrame title="Projects" description="Workspaces of documents, with who may read and write them.">
      <div className="page-body stack-lg">
        <UsagePanel usage={usage} />
        <section className="card" aria-labelledby="projects-heading">
          <div className="section-header">
            <h2 id="projects-heading">Your projects</h2>
            {mayCreate ? (
              <button ref={newButton} type="button" className="button button-primary" onClick={() => setCreating(true)}>
                New project
              </button>
            ) : null}
          </div>
          <Tabs
            label="Projects by status"
            tabs={TABS}
            selected={status}
            onSelect={(key) => setParams(key === 'active' ? {} : { status: key }, { replace: true })}
          >
            <ProjectList status={status} />
          </Tabs>
        </section>
      </div>
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} onCreated={usage.refresh} fallbackFocus={newButton} />
    </PageFrame>
  );
}

function ProjectList({ status }: { status: ListStatus }) {
  const api = useApi();
  const loadPage = useCallback(
    (cursor: string | undefined, signal: AbortSignal) => api.listProjects({ status, cursor, limit: PAGE_SIZE }, signal),
    [api, status],
  );
  const projects = usePagedList<Project>(loadPage);
  return (
    <div aria-busy={projects.status === 'loading'}>
      {projects.status === 'loading' ? <StatusMessage>Loading projects…</StatusMessage> : null}
      {projects.status === 'error' ? <ProblemMessage problem={projects.problem} onRetry={projects.retry} /> : null}
      {projects.status === 'ready' ? (
        <>
          {projects.items.length === 0 ? (
            <p className="empty-state">{status === 'active' ? 'No projects yet.' : 'No archived projects.'}</p>
          ) : (
            <ProjectsTable projects={projects.items} caption={status === 'active' ? 'Active projects' : 'Archived projects'} />
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
    </div>
  );
}
