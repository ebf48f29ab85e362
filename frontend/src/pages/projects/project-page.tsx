/**
 * /projects/:projectId: one project. Tabs (kept in `?tab=`): its documents, the people and
 * groups who may use it, exports, its trash and, for owners, settings. A project the caller
 * may not see answers 404, shown as such.
 */
import { useCallback, useRef } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { VersionedProject } from '../../api/projects-api.js';
import { useResource } from '../../api/use-resource.js';
import { useArrivalFeedback } from '../../components/arrival-feedback.js';
import { StateBadge } from '../../components/badges.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { Tabs } from '../../components/tabs.js';
import { formatDate } from '../../format.js';
import { projectRoleAtLeast } from './project-access.js';
import { ProjectDocuments } from './project-documents.js';
import { ProjectExports } from './project-exports.js';
import { ProjectPeople } from './project-people.js';
import { ProjectSettings } from './project-settings.js';
import { ProjectTrash } from './project-trash.js';

type TabKey = 'documents' | 'people' | 'exports' | 'trash' | 'settings';

export function ProjectPage() {
  useArrivalFeedback();
  const { projectId = '' } = useParams();
  const api = useApi();
  const load = useCallback((signal: AbortSignal) => api.getProject(projectId, signal), [api, projectId]);
  const project = useResource(load);
  const title = project.status === 'ready' ? project.data.project.name : 'Project';

  return (
    <PageFrame
      title={title}
      description={
        project.status === 'ready' && project.data.project.description ? project.data.project.description : 'Documents, people and exports of one project.'
      }
    >
      <div className="page-body stack-lg" aria-busy={project.status === 'loading'}>
        {project.status === 'loading' ? <StatusMessage>Loading the project…</StatusMessage> : null}
        {project.status === 'error' ? <ProblemMessage problem={project.problem} onRetry={project.retry} /> : null}
        {project.status === 'ready' ? (
          <ProjectContent versioned={project.data} onChanged={(next) => project.update(() => next)} reload={project.refresh} />
        ) : null}
      </div>
    </PageFrame>
  );
}

function ProjectContent({ versioned, onChanged, reload }: { versioned: VersionedProject; onChanged(next: VersionedProject): void; reload(): void }) {
  const { project } = versioned;
  const [params, setParams] = useSearchParams();
  const tabsStart = useRef<HTMLDivElement>(null);
  const isOwner = projectRoleAtLeast(project, 'owner');
  const tabs: Array<{ key: TabKey; label: string }> = [
    { key: 'documents', label: 'Documents' },
    { key: 'people', label: 'People' },
    { key: 'exports', label: 'Exports' },
    { key: 'trash', label: 'Trash' },
    ...(isOwner ? [{ key: 'settings' as const, label: 'Settings' }] : []),
  ];
  const requested = params.get('tab');
  const selected = tabs.find((tab) => tab.key === requested)?.key ?? 'documents';

  return (
    <>
      <p className="project-facts">
        <span className="small">
          Your role: <span className="badge badge-role">{project.myRole}</span>
        </span>
        {project.status === 'archived' ? <StateBadge label="Archived: read-only" tone="warning" /> : null}
        {project.status === 'trashed' ? <StateBadge label="In the trash" tone="danger" /> : null}
        <span className="muted small">Created {formatDate(project.createdAt)}</span>
      </p>
      <div ref={tabsStart} className="card">
        <Tabs
          label="Project sections"
          tabs={tabs}
          selected={selected}
          onSelect={(key) => setParams(key === 'documents' ? {} : { tab: key }, { replace: true })}
        >
          {selected === 'documents' ? <ProjectDocuments project={project} onCountChanged={reload} /> : null}
          {selected === 'people' ? <ProjectPeople project={project} /> : null}
          {selected === 'exports' ? <ProjectExports project={project} /> : null}
          {selected === 'trash' ? <ProjectTrash project={project} onRestored={reload} /> : null}
          {selected === 'settings' && isOwner ? <ProjectSettings versioned={versioned} onChanged={onChanged} /> : null}
        </Tabs>
      </div>
    </>
  );
}
