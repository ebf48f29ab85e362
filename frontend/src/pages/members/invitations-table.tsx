/** Recent invitations: status in words (an expired pending invitation says Expired), who invited, and Resend/Revoke while open. */
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Invitation, Member } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { nameIn } from '../../api/use-directory.js';
import { RoleBadge, StateBadge, type StateTone } from '../../components/badges.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDate, isPast } from '../../format.js';

export interface InvitationsTableProps {
  invitations: readonly Invitation[];
  /** For "invited by"; ids show until the directory has loaded. */
  members?: readonly Member[];
  onResent(invitation: Invitation): void;
  onRevoked(email: string): void;
}

function stateOf(invitation: Invitation): { label: string; tone: StateTone } {
  if (invitation.status === 'accepted') return { label: 'Accepted', tone: 'ok' };
  if (invitation.status === 'revoked') return { label: 'Revoked', tone: 'neutral' };
  if (isPast(invitation.expiresAt)) return { label: 'Expired', tone: 'danger' };
  return { label: 'Pending', tone: 'warning' };
}

export function InvitationsTable({ invitations, members, onResent, onRevoked }: InvitationsTableProps) {
  return (
    <table className="data-table" aria-label="Recent invitations">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Invited by</th>
          <th scope="col">Expires</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((invitation) => {
          const state = stateOf(invitation);
          return (
            <tr key={invitation.email}>
              <th scope="row" data-label="Email" className="break-anywhere">
                {invitation.email}
              </th>
              <td data-label="Role">
                <RoleBadge value={invitation.role} />
              </td>
              <td data-label="Status">
                <StateBadge label={state.label} tone={state.tone} />
              </td>
              <td data-label="Invited by">{nameIn(members, invitation.invitedBy)}</td>
              <td data-label="Expires">{invitation.status === 'pending' ? formatDate(invitation.expiresAt) : <span className="muted">—</span>}</td>
              <td data-label="Actions">
                {state.label === 'Pending' ? (
                  <InvitationActions invitation={invitation} onResent={onResent} onRevoked={onRevoked} />
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function InvitationActions({ invitation, onResent, onRevoked }: { invitation: Invitation; onResent(i: Invitation): void; onRevoked(email: string): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const resend = useAction(() => api.resendInvitation(invitation.email));
  // 204 No Content: resolve to true so success and failure can be told apart.
  const revoke = useAction(async () => {
    await api.revokeInvitation(invitation.email);
    return true;
  });

  const onResend = async () => {
    const renewed = await resend.run();
    if (!renewed) return;
    onResent(renewed);
    announce(`Invitation to ${renewed.email} sent again; it now expires on ${formatDate(renewed.expiresAt)}.`);
  };
  const onRevoke = async () => {
    if (!(await revoke.run())) return;
    setConfirming(false);
    onRevoked(invitation.email);
    announce(`Invitation to ${invitation.email} revoked.`);
  };

  return (
    <div className="stack-sm">
      <div className="button-row">
        <button type="button" className="button button-secondary button-small" onClick={onResend} disabled={resend.pending}>
          {resend.pending ? 'Sending…' : 'Resend'}
          <span className="visually-hidden"> invitation to {invitation.email}</span>
        </button>
        <button
          type="button"
          className="button button-danger-outline button-small"
          onClick={() => {
            revoke.reset();
            setConfirming(true);
          }}
        >
          Revoke<span className="visually-hidden"> invitation to {invitation.email}</span>
        </button>
      </div>
      {resend.problem ? <InlineProblem problem={resend.problem} /> : null}
      <ConfirmDialog
        open={confirming}
        title={`Revoke the invitation to ${invitation.email}?`}
        confirmLabel="Revoke invitation"
        pending={revoke.pending}
        problem={revoke.problem}
        onConfirm={onRevoke}
        onCancel={() => setConfirming(false)}
      >
        <p>The link in their email stops working and the seat is freed. You can invite them again later.</p>
      </ConfirmDialog>
    </div>
  );
}
