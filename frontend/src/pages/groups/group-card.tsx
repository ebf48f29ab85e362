/**
 * One group: its name and id (the id is what a policy names), its members, and for admins
 * rename, delete (asked first), add and remove members.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Group, Member } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { nameIn } from '../../api/use-directory.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { plural } from '../../format.js';
import { GroupMembers } from './group-members.js';

export interface GroupCardProps {
  group: Group;
  /** The directory, for names and the add-member picker; undefined while it loads. */
  members?: readonly Member[];
  canManage: boolean;
  onChanged(group: Group): void;
  onDeleted(groupId: string): void;
}

export function GroupCard({ group, members, canManage, onChanged, onDeleted }: GroupCardProps) {
  const api = useApi();
  const { announce } = useFeedback();
  const headingId = useId();
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const remove = useAction(async () => {
    await api.deleteGroup(group.id);
    return true;
  });

  const onDelete = async () => {
    if (!(await remove.run())) return;
    setConfirmingDelete(false);
    onDeleted(group.id);
    announce(`Group ${group.name} deleted.`);
  };

  return (
    <article className="card group-card stack" aria-labelledby={headingId}>
      <div className="group-card-header">
        <div>
          <h2 id={headingId} className="break-anywhere">
            {group.name}
          </h2>
          <p className="muted small">
            {plural(group.memberIds.length, 'member')} · ID <code className="break-anywhere">{group.id}</code>
          </p>
        </div>
        {canManage && !renaming ? (
          <div className="button-row">
            <button ref={renameButton} type="button" className="button button-secondary button-small" onClick={() => setRenaming(true)}>
              Rename<span className="visually-hidden"> {group.name}</span>
            </button>
            <button
              type="button"
              className="button button-danger-outline button-small"
              onClick={() => {
                remove.reset();
                setConfirmingDelete(true);
              }}
            >
              Delete<span className="visually-hidden"> {group.name}</span>
            </button>
          </div>
        ) : null}
      </div>
      {renaming ? (
        <RenameForm
          group={group}
          onDone={(renamed) => {
            setRenaming(false);
            if (renamed) {
              onChanged(renamed);
              announce(`Group renamed to ${renamed.name}.`);
            }
            // The form goes away: the Rename button it replaced takes focus back.
            queueMicrotask(() => renameButton.current?.focus());
          }}
        />
      ) : null}
      <GroupMembers group={group} members={members} canManage={canManage} onChanged={onChanged} nameOf={(id) => nameIn(members, id)} />
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete the group ${group.name}?`}
        confirmLabel="Delete group"
        pending={remove.pending}
        problem={remove.problem}
        onConfirm={onDelete}
        onCancel={() => setConfirmingDelete(false)}
      >
        <p>
          Its {plural(group.memberIds.length, 'member')} stay in the installation. Policies that name this group stop matching anyone; remove them on the
          Security page.
        </p>
      </ConfirmDialog>
    </article>
  );
}

function RenameForm({ group, onDone }: { group: Group; onDone(renamed?: Group): void }) {
  const api = useApi();
  const inputId = useId();
  const problemId = useId();
  const [name, setName] = useState(group.name);
  const rename = useAction(() => api.renameGroup(group.id, name.trim()));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === group.name) return onDone();
    const renamed = await rename.run();
    if (renamed) onDone(renamed);
  };

  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <div className="form-row">
        <div className="field field-grow">
          <label htmlFor={inputId}>New name for {group.name}</label>
          <input
            id={inputId}
            ref={input}
            className="input"
            required
            maxLength={80}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              rename.reset();
            }}
            onKeyDown={(event) => event.key === 'Escape' && onDone()}
            aria-describedby={rename.problem ? problemId : undefined}
          />
        </div>
        <div className="field field-action button-row">
          <button type="submit" className="button button-primary" disabled={rename.pending}>
            {rename.pending ? 'Saving…' : 'Save name'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => onDone()} disabled={rename.pending}>
            Cancel
          </button>
        </div>
      </div>
      {rename.problem ? <InlineProblem problem={rename.problem} id={problemId} /> : null}
    </form>
  );
}
