/**
 * Changes one member's role: pick it, then Save (so a stray arrow key on the select changes
 * nothing). Giving or taking the owner role asks first; only owners are offered it.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { ROLES } from '../../../../functions/platform/principal.js';
import { useApi } from '../../api/api-context.js';
import type { Member, Role } from '../../api/client.js';
import type { Permissions } from '../../api/permissions.js';
import { useAction } from '../../api/use-action.js';
import { RoleBadge } from '../../components/badges.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';

export function RoleControl({ member, can, onChanged }: { member: Member; can: Permissions; onChanged(member: Member): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const selectId = useId();
  const problemId = useId();
  const [draft, setDraft] = useState<Role>(member.role);
  const [confirming, setConfirming] = useState(false);
  const select = useRef<HTMLSelectElement>(null);
  const change = useAction((role: Role) => api.changeRole(member.id, role));

  if (member.role === 'owner' && !can.assignOwnership) {
    return (
      <span className="role-locked">
        <RoleBadge value="owner" />
        <span className="muted small">Only owners can change an owner</span>
      </span>
    );
  }

  const touchesOwnership = draft !== member.role && (draft === 'owner' || member.role === 'owner');
  const save = async () => {
    const changed = await change.run(draft);
    if (!changed) return;
    setConfirming(false);
    onChanged(changed);
    // The Save button goes away with the change; keep the keyboard where it was.
    select.current?.focus();
    announce(`${changed.displayName} is now ${changed.role === 'owner' || changed.role === 'admin' ? 'an' : 'a'} ${changed.role}.`);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft === member.role) return;
    if (touchesOwnership) setConfirming(true);
    else void save();
  };
  const cancel = () => {
    setDraft(member.role);
    change.reset();
  };

  return (
    <form className="role-control" onSubmit={onSubmit}>
      <label className="visually-hidden" htmlFor={selectId}>
        Role of {member.displayName}
      </label>
      <select
        id={selectId}
        ref={select}
        className="select select-small"
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value as Role);
          change.reset();
        }}
        aria-describedby={change.problem ? problemId : undefined}
        disabled={change.pending}
      >
        {ROLES.map((role) => (
          <option key={role} value={role} disabled={role === 'owner' && !can.assignOwnership && member.role !== 'owner'}>
            {role}
          </option>
        ))}
      </select>
      {draft !== member.role ? (
        <span className="button-row">
          <button type="submit" className="button button-primary button-small" disabled={change.pending}>
            {change.pending ? 'Saving…' : 'Save'}
            <span className="visually-hidden"> role of {member.displayName}</span>
          </button>
          <button type="button" className="button button-secondary button-small" onClick={cancel} disabled={change.pending}>
            Cancel
          </button>
        </span>
      ) : null}
      {change.problem && !confirming ? <InlineProblem problem={change.problem} id={problemId} /> : null}
      <ConfirmDialog
        open={confirming}
        title={draft === 'owner' ? `Make ${member.displayName} an owner?` : `Take the owner role from ${member.displayName}?`}
        confirmLabel={draft === 'owner' ? 'Make owner' : `Make ${draft}`}
        tone="primary"
        pending={change.pending}
        problem={change.problem}
        onConfirm={save}
        onCancel={() => setConfirming(false)}
        fallbackFocus={select}
      >
        {draft === 'owner' ? (
          <p>Owners can do everything admins can, and also give or take the owner role and deactivate other owners.</p>
        ) : (
          <p>
            {member.displayName} will become {draft === 'admin' ? 'an' : 'a'} {draft}. An installation always keeps at least one owner; the last owner cannot be
            changed.
          </p>
        )}
      </ConfirmDialog>
    </form>
  );
}
