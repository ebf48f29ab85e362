/**
 * Owners' settings of a project: rename and describe it (saved with If-Match, so two owners
 * editing at once cannot overwrite each other unknowingly), archive or unarchive it, and
 * move it to the trash (asked first; restorable from the Trash page for 30 days).
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { TRASH_RETENTION_DAYS } from '../../../../functions/projects/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { VersionedProject } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { withFeedback } from '../../components/arrival-feedback.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';

export function ProjectSettings({ versioned, onChanged }: { versioned: VersionedProject; onChanged(next: VersionedProject): void }) {
  return (
    <div className="stack-lg">
      <DetailsForm versioned={versioned} onChanged={onChanged} />
      <LifecycleControls versioned={versioned} onChanged={onChanged} />
    </div>
  );
}

function DetailsForm({ versioned, onChanged }: { versioned: VersionedProject; onChanged(next: VersionedProject): void }) {
  const { project, etag } = versioned;
  const api = useApi();
  const { announce } = useFeedback();
  const nameId = useId();
  const descriptionId = useId();
  const problemId = useId();
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const save = useAction(() => api.updateProject(project.id, { name: name.trim(), description: description.trim() }, etag));
  const reload = useAction(() => api.getProject(project.id));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const next = await save.run();
    if (!next) return;
    onChanged(next);
    announce('Project details saved.');
  };

  // 412: another owner saved first. Load theirs into the page; the fields keep what this person typed.
  const onLoadLatest = async () => {
    const latest = await reload.run();
    if (!latest) return;
    onChanged(latest);
    save.reset();
  };

  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Name and description</h2>
      <form className="form-stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            className="input input-medium"
            required
            maxLength={120}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              save.reset();
            }}
            aria-describedby={save.problem ? problemId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea
            id={descriptionId}
            className="input textarea"
            rows={3}
            maxLength={2000}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
              save.reset();
            }}
          />
        </div>
        {save.problem ? (
          <InlineProblem problem={save.problem} id={problemId}>
            {save.problem.isStale ? (
              <>
                <p>Someone changed this project after you opened it. Load the latest version, check it, and save again: your text stays in the fields.</p>
                <button type="button" className="button button-secondary" onClick={onLoadLatest} disabled={reload.pending}>
                  Load the latest version
                </button>
              </>
            ) : null}
          </InlineProblem>
        ) : null}
        {reload.problem ? <InlineProblem problem={reload.problem} /> : null}
        <p>
          <button type="submit" className="button button-primary" disabled={save.pending || project.status === 'trashed'}>
            {save.pending ? 'Saving…' : 'Save details'}
          </button>
        </p>
      </form>
    </section>
  );
}

function LifecycleControls({ versioned, onChanged }: { versioned: VersionedProject; onChanged(next: VersionedProject): void }) {
  const { project } = versioned;
  const api = useApi();
  const navigate = useNavigate();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState<'archive' | 'trash'>();
  const archiveButton = useRef<HTMLButtonElement>(null);
  const archived = project.status === 'archived';
  const archive = useAction(() => (archived ? api.unarchiveProject(project.id) : api.archiveProject(project.id)));
  const trash = useAction(async () => {
    await api.trashProject(project.id);
    return true;
  });

  const onArchive = async () => {
    const next = await archive.run();
    if (!next) return;
    setConfirming(undefined);
    onChanged(next);
    announce(archived ? `${project.name} is active again.` : `${project.name} is archived and read-only.`);
  };
  const onTrash = async () => {
    if (!(await trash.run())) return;
    setConfirming(undefined);
    navigate('/projects', withFeedback(`${project.name} moved to the trash. Restore it from the Trash page within ${TRASH_RETENTION_DAYS} days.`));
  };

  if (project.status === 'trashed') return <p className="muted">This project is in the trash; restore it from the Trash page.</p>;
  return (
    <section aria-labelledby="lifecycle-heading" className="stack">
      <h2 id="lifecycle-heading">Archive or delete</h2>
      <p className="muted">
        Archived projects stay readable and exportable but nobody can change them. Deleted projects go to the trash for {TRASH_RETENTION_DAYS} days, then they
        and their documents are purged.
      </p>
      <div className="button-row">
        <button
          ref={archiveButton}
          type="button"
          className="button button-secondary"
          onClick={() => {
            archive.reset();
            setConfirming('archive');
          }}
        >
          {archived ? 'Unarchive project' : 'Archive project'}
        </button>
        <button
          type="button"
          className="button button-danger-outline"
          onClick={() => {
            trash.reset();
            setConfirming('trash');
          }}
        >
          Delete project
        </button>
      </div>
      <ConfirmDialog
        open={confirming === 'archive'}
        title={archived ? `Unarchive ${project.name}?` : `Archive ${project.name}?`}
        confirmLabel={archived ? 'Unarchive' : 'Archive'}
        tone="primary"
        pending={archive.pending}
        problem={archive.problem}
        onConfirm={onArchive}
        onCancel={() => setConfirming(undefined)}
      >
        <p>{archived ? 'Its editors can change its documents again.' : 'Its documents become read-only for everyone until it is unarchived.'}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'trash'}
        title={`Delete ${project.name}?`}
        confirmLabel="Move to trash"
        pending={trash.pending}
        problem={trash.problem}
        onConfirm={onTrash}
        onCancel={() => setConfirming(undefined)}
        fallbackFocus={archiveButton}
      >
        <p>
          The project and its {project.documentCount} documents move to the trash. Owners can restore it from the Trash page for {TRASH_RETENTION_DAYS} days;
          after that it is purged for good.
        </p>
      </ConfirmDialog>
    </section>
  );
}
