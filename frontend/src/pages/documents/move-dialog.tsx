/**
 * Moving a document to another project: the choices are the active projects where the
 * caller may write (one page of up to 100, by name); the move names the document's ETag
 * and needs write access on both sides, which the API checks again.
 */
import { type FormEvent, useCallback, useId, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { DocumentSummary, VersionedDocument } from '../../api/documents-api.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import { ModalDialog } from '../../components/modal-dialog.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { canWriteIn } from '../projects/project-access.js';

export interface MoveDialogProps {
  open: boolean;
  versioned: VersionedDocument;
  onClose(): void;
  onMoved(summary: DocumentSummary, targetName: string): void;
}

export function MoveDialog({ open, versioned, onClose, onMoved }: MoveDialogProps) {
  return (
    <ModalDialog open={open} title={`Move ${versioned.document.title}`} onClose={onClose}>
      {open ? <MoveForm versioned={versioned} onClose={onClose} onMoved={onMoved} /> : null}
    </ModalDialog>
  );
}

function MoveForm({ versioned, onClose, onMoved }: Omit<MoveDialogProps, 'open'>) {
  const { document, etag } = versioned;
  const api = useApi();
  const pickerId = useId();
  const problemId = useId();
  const load = useCallback(async (signal: AbortSignal) => (await api.listProjects({ status: 'active', limit: 100 }, signal)).items, [api]);
  const projects = useResource(load);
  const [target, setTarget] = useState('');
  const move = useAction(() => api.moveDocument(document.id, target, etag));
  const targets = projects.status === 'ready' ? projects.data.filter((p) => p.id !== document.projectId && canWriteIn(p)) : [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const summary = await move.run();
    if (!summary) return;
    onMoved(summary, targets.find((p) => p.id === target)?.name ?? 'the other project');
  };

  return (
    <form className="form-stack" onSubmit={onSubmit}>
      {projects.status === 'loading' ? <StatusMessage>Loading projects…</StatusMessage> : null}
      {projects.status === 'error' ? <ProblemMessage problem={projects.problem} onRetry={projects.retry} /> : null}
      {projects.status === 'ready' ? (
        targets.length === 0 ? (
          <p className="empty-state">There is no other active project where you can write.</p>
        ) : (
          <div className="field">
            <label htmlFor={pickerId}>Move to project</label>
            <select
              id={pickerId}
              className="select"
              required
              value={target}
              onChange={(event) => {
                setTarget(event.target.value);
                move.reset();
              }}
              aria-describedby={move.problem ? problemId : undefined}
            >
              <option value="">Choose a project</option>
              {targets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )
      ) : null}
      {move.problem ? <WriteProblem problem={move.problem} id={problemId} /> : null}
      <div className="button-row dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={move.pending}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={move.pending || targets.length === 0}>
          {move.pending ? 'Moving…' : 'Move document'}
        </button>
      </div>
    </form>
  );
}
