/** Seats in use against the plan's `entitlements.seats`: active members plus open invitations (each will take a seat). */
import { useId } from 'react';
import { formatCount, plural } from '../../format.js';

export function SeatUsage({ seats, activeMembers, openInvitations }: { seats: number; activeMembers: number; openInvitations: number }) {
  const labelId = useId();
  const used = activeMembers + openInvitations;
  const level = seats <= 0 || used / seats >= 1 ? 'critical' : used / seats >= 0.8 ? 'warning' : 'ok';
  return (
    <div className="seat-usage" data-level={level}>
      <p className="seat-usage-label" id={labelId}>
        {formatCount(used)} of {formatCount(seats)} seats used
      </p>
      <meter
        className="quota-meter"
        aria-labelledby={labelId}
        min={0}
        max={seats}
        value={Math.min(used, seats)}
        low={seats * 0.8}
        high={seats * 0.99}
        optimum={0}
      />
      <p className="muted small">
        {plural(activeMembers, 'active member')} and {plural(openInvitations, 'open invitation')}.
      </p>
      {used >= seats ? (
        <p className="form-warning">
          <strong>All seats are taken.</strong> Deactivate someone or revoke an invitation before inviting more people, or move to a plan with more seats.
        </p>
      ) : null}
    </div>
  );
}
