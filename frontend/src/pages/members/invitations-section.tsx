/**
 * Seats and invitations, for admins and owners: how many of the plan's seats are taken,
 * the invite form, and recent invitations with Resend and Revoke while they are open.
 */
import { useEffect } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Invitation, Me } from '../../api/client.js';
import type { Permissions } from '../../api/permissions.js';
import { useDirectory } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { isPast } from '../../format.js';
import { InvitationsTable } from './invitations-table.js';
import { InviteForm } from './invite-form.js';
import { SeatUsage } from './seat-usage.js';

/** Pending and not yet expired: the person can still accept, so a seat is spoken for. */
export const isOpenInvitation = (invitation: Invitation, now = Date.now()) => invitation.status === 'pending' && !isPast(invitation.expiresAt, now);

export function InvitationsSection({ me, can, seatRevision }: { me: Me; can: Permissions; seatRevision: number }) {
  const api = useApi();
  const invitations = useResource(api.listInvitations);
  const directory = useDirectory();
  const { refresh: refreshDirectory } = directory;

  useEffect(() => {
    if (seatRevision > 0) refreshDirectory();
  }, [seatRevision, refreshDirectory]);

  const upsert = (invitation: Invitation) => invitations.update((list) => [invitation, ...list.filter((i) => i.email !== invitation.email)]);
  const replace = (invitation: Invitation) => invitations.update((list) => list.map((i) => (i.email === invitation.email ? invitation : i)));

  return (
    <section className="card stack" aria-labelledby="invitations-heading" aria-busy={invitations.status === 'loading' || directory.status === 'loading'}>
      <h2 id="invitations-heading">Seats and invitations</h2>
      {invitations.status === 'ready' && directory.status === 'ready' ? (
        <SeatUsage
          seats={me.entitlements.seats}
          activeMembers={directory.data.filter((m) => m.status === 'active').length}
          openInvitations={invitations.data.filter((i) => isOpenInvitation(i)).length}
        />
      ) : null}
      {directory.status === 'error' ? <ProblemMessage problem={directory.problem} onRetry={directory.retry} /> : null}
      <InviteForm can={can} onInvited={upsert} />
      <h3 className="subheading">Recent invitations</h3>
      {invitations.status === 'loading' ? <StatusMessage>Loading invitations…</StatusMessage> : null}
      {invitations.status === 'error' ? <ProblemMessage problem={invitations.problem} onRetry={invitations.retry} /> : null}
      {invitations.status === 'ready' ? (
        invitations.data.length === 0 ? (
          <p className="empty-state">No invitations yet. Invite someone by email above; they join with the role you choose when they first sign in.</p>
        ) : (
          <InvitationsTable
            invitations={invitations.data}
            members={directory.status === 'ready' ? directory.data : undefined}
            onResent={replace}
            onRevoked={(email) => invitations.update((list) => list.map((i) => (i.email === email ? { ...i, status: 'revoked' } : i)))}
          />
        )
      ) : null}
    </section>
  );
}
