/**
 * The people table. Admins get a role control and Deactivate/Reactivate per row; nobody is
 * offered a change the built-in policies would refuse (an admin cannot touch an owner) or
 * one that locks them out (deactivating themselves).
 */
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Me, Member } from '../../api/client.js';
import type { Permissions } from '../../api/permissions.js';
import { useAction } from '../../api/use-action.js';
import { RoleBadge, StateBadge } from '../../components/badges.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { RoleControl } from './role-control.js';

export interface MembersTableProps {
  members: readonly Member[];
  groupNames: ReadonlyMap<string, string>;
  groupsLoaded: boolean;
  me: Me;
  can: Permissions;
  labelledBy: string;
  /** A row changed on the server; `seatsChanged` when it took or freed a seat. */
  onChanged(member: Member, seatsChanged: boolean): void;
}

export function MembersTable({ members, groupNames, groupsLoaded, me, can, labelledBy, onChanged }: MembersTableProps) {
  return (
    <table className="data-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Groups</th>
          {can.administer ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {members.map((member) => (
          <tr key={member.id}>
            <th scope="row" data-label="Name">
              {member.displayName}
              {member.id === me.user.id ? <span className="tag">You</span> : null}
            </th>
            <td data-label="Email" className="break-anywhere">
              {member.email}
            </td>
            <td data-label="Role">
              {can.administer ? <RoleControl member={member} can={can} onChanged={(m) => onChanged(m, false)} /> : <RoleBadge value={member.role} />}
            </td>
            <td data-label="Status">
              <StateBadge label={member.status === 'active' ? 'Active' : 'Deactivated'} tone={member.status === 'active' ? 'ok' : 'danger'} />
            </td>
            <td data-label="Groups">
              <GroupNames ids={member.groupIds} names={groupNames} loaded={groupsLoaded} />
            </td>
            {can.administer ? (
              <td data-label="Actions">
                <ActivationControl member={member} isMe={member.id === me.user.id} can={can} onChanged={(m) => onChanged(m, true)} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GroupNames({ ids, names, loaded }: { ids: readonly string[]; names: ReadonlyMap<string, string>; loaded: boolean }) {
  if (ids.length === 0) return <span className="muted">None</span>;
  if (!loaded) return <span className="muted">{ids.length === 1 ? '1 group' : `${ids.length} groups`}</span>;
  return <>{ids.map((id) => names.get(id) ?? 'Deleted group').join(', ')}</>;
}

function ActivationControl({ member, isMe, can, onChanged }: { member: Member; isMe: boolean; can: Permissions; onChanged(member: Member): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const deactivating = member.status === 'active';
  const change = useAction(() => (deactivating ? api.deactivateMember(member.id) : api.reactivateMember(member.id)));

  if (isMe) return <span className="muted small">This is you</span>;
  if (member.role === 'owner' && !can.assignOwnership) return <span className="muted small">Only owners can deactivate an owner</span>;

  const onConfirm = async () => {
    const changed = await change.run();
    if (!changed) return;
    setConfirming(false);
    onChanged(changed);
    announce(changed.status === 'active' ? `${changed.displayName} is active again.` : `${changed.displayName} is deactivated and signed out.`);
  };

  return (
    <>
      <button
        type="button"
        className={`button button-small ${deactivating ? 'button-danger-outline' : 'button-secondary'}`}
        onClick={() => {
          change.reset();
          setConfirming(true);
        }}
      >
        {deactivating ? 'Deactivate' : 'Reactivate'}
        <span className="visually-hidden"> {member.displayName}</span>
      </button>
      <ConfirmDialog
        open={confirming}
        title={deactivating ? `Deactivate ${member.displayName}?` : `Reactivate ${member.displayName}?`}
        confirmLabel={deactivating ? 'Deactivate' : 'Reactivate'}
        tone={deactivating ? 'danger' : 'primary'}
        pending={change.pending}
        problem={change.problem}
        onConfirm={onConfirm}
        onCancel={() => setConfirming(false)}
      >
        {deactivating ? (
          <p>
            {member.email} is refused from their next request and signed out everywhere. Their account, groups and keys stay, and you can reactivate them later.
          </p>
        ) : (
          <p>{member.email} can sign in again, with the role they had.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
