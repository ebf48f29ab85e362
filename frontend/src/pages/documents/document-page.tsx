/**
 * /documents/:documentId: one document. Editors and owners edit it (document-editor.tsx),
 * share it, move it to another project, attach files and move it to the trash; viewers
 * read the rendered markdown and download attachments. A trashed document offers Restore.
 */
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { DocumentSummary, VersionedDocument } from '../../api/documents-api.js';
import { useMe } from '../../api/me-context.js';
import { permissionsOf } from '../../api/permissions.js';
import { useAction } from '../../api/use-action.js';
import { loadAllMembers, nameIn } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { useArrivalFeedback, withFeedback } from '../../components/arrival-feedback.js';
import { StateBadge } from '../../components/badges.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { MarkdownView } from '../../components/markdown-view.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { formatDate, formatDateTime } from '../../format.js';
import { AttachmentsSection } from './attachments-section.js';
import { DocumentEditor } from './document-editor.js';
import { MoveDialog } from './move-dialog.js';
import { ShareDialog } from './share-dialog.js';

export function DocumentPage() {
  useArrivalFeedback();
  const { documentId = '' } = useParams();
  const api = useApi();
  const load = useCallback((signal: AbortSignal) => api.getDocument(documentId, signal), [api, documentId]);
  const document = useResource(load);
  const title = document.status === 'ready' ? document.data.document.title : 'Document';

  return (
    <PageFrame title={title} description="A markdown document: write, preview, share and attach files.">
      <div className="page-body stack-lg" aria-busy={document.status === 'loading'}>
        {document.status === 'loading' ? <StatusMessage>Loading the document…</StatusMessage> : null}
        {document.status === 'error' ? <ProblemMessage problem={document.problem} onRetry={document.retry} /> : null}
        {document.status === 'ready' ? (
          // Keyed by document: another document starts its own editor state (and its own draft).
          <DocumentContent
            key={document.data.document.id}
            versioned={document.data}
            onChanged={(next) => document.update(() => next)}
            reload={document.refresh}
          />
        ) : null}
      </div>
    </PageFrame>
  );
}

function DocumentContent({ versioned, onChanged, reload }: { versioned: VersionedDocument; onChanged(next: VersionedDocument): void; reload(): void }) {
  const { document } = versioned;
  const api = useApi();
  const me = useMe();
  const canReadDirectory = me.status === 'ready' && permissionsOf(me.data.user.role).readDirectory;
  const directory = useDirectoryIf(canReadDirectory);
  const nameOf = (userId: string) => (me.status === 'ready' && me.data.user.id === userId ? 'You' : nameIn(directory, userId));
  // The project, if the caller may see it (someone a document was shared with may not): for the way back.
  const loadProject = useCallback((signal: AbortSignal) => api.getProject(document.projectId, signal), [api, document.projectId]);
  const project = useResource(loadProject);
  // Archived (or trashed) projects are read-only for everyone; the API would refuse the save anyway.
  const projectReadOnly = project.status === 'ready' && project.data.project.status !== 'active';
  const canWrite = document.myAccess !== 'viewer' && !projectReadOnly;

  const onMoved = (summary: DocumentSummary) => {
    onChanged({ document: { ...document, ...summary }, etag: `"${summary.version}"` });
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          {project.status === 'ready' ? (
            <li>
              <Link to={`/projects/${encodeURIComponent(project.data.project.id)}`}>{project.data.project.name}</Link>
            </li>
          ) : (
            <li>
              <Link to="/shared">Shared with me</Link>
            </li>
          )}
          <li aria-current="page">{document.title}</li>
        </ol>
      </nav>
      <p className="project-facts">
        <span className="small">
          Your access: <span className="badge badge-role">{document.myAccess}</span>
        </span>
        {document.deletedAt ? <StateBadge label="In the trash" tone="danger" /> : null}
        <span className="muted small">
          Created {formatDate(document.createdAt)} by {nameOf(document.createdBy)}
        </span>
      </p>
      {document.deletedAt ? (
        <TrashedDocument versioned={versioned} canWrite={canWrite} onRestored={reload} />
      ) : (
        <>
          {projectReadOnly ? <p className="form-warning">The project is archived, so this document is read-only until an owner unarchives it.</p> : null}
          {canWrite ? (
            <DocumentActions versioned={versioned} projectName={project.status === 'ready' ? project.data.project.name : undefined} onMoved={onMoved} />
          ) : null}
          {canWrite ? (
            <DocumentEditor base={versioned} onSaved={onChanged} nameOf={nameOf} />
          ) : (
            <section className="card stack" aria-labelledby="reading-heading">
              <h2 id="reading-heading">Content</h2>
              {document.tags.length > 0 ? (
                <ul className="chips" aria-label="Tags">
                  {document.tags.map((tag) => (
                    <li key={tag} className="chip">
                      {tag}
                    </li>
                  ))}
                </ul>
              ) : null}
              <MarkdownView source={document.body} />
              <p className="muted small">
                Version {document.version}, saved {formatDateTime(document.updatedAt)} by {nameOf(document.updatedBy)}.
              </p>
            </section>
          )}
          <AttachmentsSection documentId={document.id} canWrite={canWrite} />
        </>
      )}
    </>
  );
}

/** The directory for names, only for roles that may read it (viewers get ids, which the API never shows them otherwise). */
function useDirectoryIf(allowed: boolean) {
  const api = useApi();
  const load = useCallback((signal: AbortSignal) => (allowed ? loadAllMembers(api, signal) : Promise.resolve([])), [api, allowed]);
  const directory = useResource(load);
  return allowed && directory.status === 'ready' ? directory.data : undefined;
}

function DocumentActions({ versioned, projectName, onMoved }: { versioned: VersionedDocument; projectName?: string; onMoved(summary: DocumentSummary): void }) {
  const { document, etag } = versioned;
  const api = useApi();
  const navigate = useNavigate();
  const { announce } = useFeedback();
  const [open, setOpen] = useState<'share' | 'move' | 'trash'>();
  const shareButton = useRef<HTMLButtonElement>(null);
  const trash = useAction(() => api.trashDocument(document.id, etag));

  const onTrash = async () => {
    const trashed = await trash.run();
    if (!trashed) return;
    setOpen(undefined);
    navigate(projectName ? `/projects/${encodeURIComponent(document.projectId)}?tab=trash` : '/shared', withFeedback(`${document.title} moved to the trash.`));
  };

  return (
    <div className="button-row document-actions">
      <button ref={shareButton} type="button" className="button button-secondary" onClick={() => setOpen('share')}>
        Share
      </button>
      <button type="button" className="button button-secondary" onClick={() => setOpen('move')}>
        Move
      </button>
      <button
        type="button"
        className="button button-danger-outline"
        onClick={() => {
          trash.reset();
          setOpen('trash');
        }}
      >
        Move to trash
      </button>
      <ShareDialog open={open === 'share'} document={document} onClose={() => setOpen(undefined)} />
      <MoveDialog
        open={open === 'move'}
        versioned={versioned}
        onClose={() => setOpen(undefined)}
        onMoved={(summary, targetName) => {
          setOpen(undefined);
          onMoved(summary);
          announce(`Moved to ${targetName}.`);
        }}
      />
      <ConfirmDialog
        open={open === 'trash'}
        title={`Move ${document.title} to the trash?`}
        confirmLabel="Move to trash"
        pending={trash.pending}
        problem={trash.problem}
        onConfirm={onTrash}
        onCancel={() => setOpen(undefined)}
        fallbackFocus={shareButton}
      >
        <p>It stays in the project’s trash for 30 days, where editors can restore it; then it is purged with its attachments.</p>
      </ConfirmDialog>
    </div>
  );
}

function TrashedDocument({ versioned, canWrite, onRestored }: { versioned: VersionedDocument; canWrite: boolean; onRestored(): void }) {
  const { document } = versioned;
  const api = useApi();
  const { announce } = useFeedback();
  const restore = useAction(() => api.restoreDocument(document.id));
  const onRestore = async () => {
    if (!(await restore.run())) return;
    announce(`${document.title} restored.`);
    onRestored();
  };
  return (
    <section className="panel stack" aria-labelledby="trashed-heading">
      <h2 id="trashed-heading">This document is in the trash</h2>
      <p>
        Deleted {document.deletedAt ? formatDateTime(document.deletedAt) : ''}
        {document.purgeAt ? `; it will be purged on ${formatDate(document.purgeAt)}` : ''}.
      </p>
      {canWrite ? (
        <p>
          <button type="button" className="button button-primary" onClick={onRestore} disabled={restore.pending}>
            {restore.pending ? 'Restoring…' : 'Restore'}
          </button>
        </p>
      ) : null}
      {restore.problem ? <WriteProblem problem={restore.problem} /> : null}
    </section>
  );
}
