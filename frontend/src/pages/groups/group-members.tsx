/** Who is in a group, with Remove per person and a picker of everyone else who is active (admins only). */
import { type FormEvent, useId, useRef, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Group, Member } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';

export interface GroupMembersProps {
  group: Group;
  members?: readonly Member[];
  canManage: boolean;
  onChanged(group: Group): void;
  nameOf(userId: string): string;
}

export function GroupMembers({ group, members, canManage, onChanged, nameOf }: GroupMembersProps) {
  const api = useApi();
  const { announce } = useFeedback();
  const pickerId = useId();
  const [picked, setPicked] = useState('');
  const picker = useRef<HTMLSelectElement>(null);
  const add = useAction((userId: string) => api.addGroupMember(group.id, userId));
  const remove = useAction((userId: string) => api.removeGroupMember(group.id, userId));
  const candidates = (members ?? []).filter((m) => m.status === 'active' && !group.memberIds.includes(m.id));

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    if (!picked) return;
    const changed = await add.run(picked);
    if (!changed) return;
    onChanged(changed);
    setPicked('');
    announce(`${nameOf(picked)} added to ${changed.name}.`);
  };
  const onRemove = async (userId: string) => {
    const changed = await remove.run(userId);
    if (!changed) return;
    onChanged(changed);
    // Their Remove button is gone; the picker (where they now appear) takes focus.
    picker.current?.focus();
    announce(`${nameOf(userId)} removed from ${changed.name}.`);
  };

  return (
    <div className="stack-sm">
      {group.memberIds.length === 0 ? (
        <p className="muted">No members yet.</p>
      ) : (
        <ul className="member-list" aria-label={`Members of ${group.name}`}>
          {group.memberIds.map((userId) => (
            <li key={userId}>
              <span className="break-anywhere">{nameOf(userId)}</span>
              {canManage ? (
                <button type="button" className="button button-quiet button-small" onClick={() => onRemove(userId)} disabled={remove.pending}>
                  Remove
                  <span className="visually-hidden">
                    {' '}
                    {nameOf(userId)} from {group.name}
                  </span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {remove.problem ? <InlineProblem problem={remove.problem} /> : null}
      {canManage ? (
        <form className="inline-form" onSubmit={onAdd}>
          <div className="form-row">
            <div className="field field-grow">
              <label htmlFor={pickerId}>Add a member to {group.name}</label>
              <select
                id={pickerId}
                ref={picker}
                className="select"
                value={picked}
                onChange={(event) => {
                  setPicked(event.target.value);
                  add.reset();
                }}
                disabled={!members || candidates.length === 0}
              >
                <option value="">{!members ? 'Loading members…' : candidates.length === 0 ? 'Everyone active is already in it' : 'Choose a person'}</option>
                {candidates.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.displayName} ({m.email})
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-action">
              <button type="submit" className="button button-secondary" disabled={!picked || add.pending}>
                {add.pending ? 'Adding…' : 'Add'}
                <span className="visually-hidden"> to {group.name}</span>
              </button>
            </div>
          </div>
          {add.problem ? <InlineProblem problem={add.problem} /> : null}
        </form>
      ) : null}
    </div>
  );
}
