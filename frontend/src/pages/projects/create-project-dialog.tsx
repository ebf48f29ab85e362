/**
 * "New project": name and description, created with an Idempotency-Key that stays the same
 * while the user retries the same input, so a retried click never creates a second project.
 * A quota refusal shows the upgrade prompt in the dialog, with the input kept.
 */
import { type FormEvent, type RefObject, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { projectDescription, projectName } from '../../../../functions/projects/schemas.js';
import { useApi } from '../../api/api-context.js';
import { useAction } from '../../api/use-action.js';
import { withFeedback } from '../../components/arrival-feedback.js';
import { ModalDialog } from '../../components/modal-dialog.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { AttemptKey } from './project-access.js';

export interface CreateProjectDialogProps {
  open: boolean;
  onClose(): void;
  onCreated(): void;
  fallbackFocus?: RefObject<HTMLElement | null>;
}

export function CreateProjectDialog({ open, onClose, onCreated, fallbackFocus }: CreateProjectDialogProps) {
  const api = useApi();
  const navigate = useNavigate();
  const nameId = useId();
  const descriptionId = useId();
  const problemId = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const attempt = useRef(new AttemptKey());
  const create = useAction(() => {
    const body = { name: projectName.parse(name), description: projectDescription.parse(description) };
    return api.createProject(body, attempt.current.for(body));
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const project = await create.run();
    if (!project) return;
    attempt.current.done();
    setName('');
    setDescription('');
    onCreated();
    onClose();
    navigate(`/projects/${encodeURIComponent(project.id)}`, withFeedback(`Project ${project.name} created.`));
  };

  return (
    <ModalDialog open={open} title="New project" onClose={onClose} busy={create.pending} fallbackFocus={fallbackFocus}>
      <form className="form-stack" onSubmit={onSubmit} aria-describedby={create.problem ? problemId : undefined}>
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            className="input"
            required
            maxLength={120}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              create.reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={descriptionId}>
            Description <span className="muted">(optional)</span>
          </label>
          <textarea
            id={descriptionId}
            className="input textarea"
            rows={3}
            maxLength={2000}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
              create.reset();
            }}
          />
        </div>
        {create.problem ? <WriteProblem problem={create.problem} id={problemId} /> : null}
        <div className="button-row dialog-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={create.pending}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create project'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
