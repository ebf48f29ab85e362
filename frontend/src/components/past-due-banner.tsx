/**
 * For admins, above every signed-in page, when a payment failed: the days of grace left and
 * a link to billing; once the grace has run out, that the free plan's limits apply and that
 * nothing was deleted. Read from `/api/me`'s entitlements, so it costs no request of its own.
 * Says nothing to anyone else, and nothing while the plan is paid up.
 */
import { Link } from 'react-router-dom';
import { useMe } from '../api/me-context.js';
import { permissionsOf } from '../api/permissions.js';
import { formatDate } from '../format.js';

const DAY_MS = 24 * 3600 * 1000;

export function PastDueBanner() {
  const me = useMe();
  if (me.status !== 'ready' || !permissionsOf(me.data.user.role).administer) return null;
  const { status, graceEndsAt, degraded } = me.data.entitlements;
  if (degraded) {
    return (
      <div className="update-banner past-due-banner" role="status">
        <strong>Payment overdue: the free plan’s limits apply.</strong> The grace period has ended. Nothing was deleted; paying restores your plan at once.{' '}
        <Link to="/billing">Go to billing</Link>
      </div>
    );
  }
  if (status !== 'past_due') return null;
  const daysLeft = graceEndsAt ? Math.max(0, Math.ceil((Date.parse(graceEndsAt) - Date.now()) / DAY_MS)) : undefined;
  return (
    <div className="update-banner past-due-banner" role="status">
      <strong>The last payment failed.</strong>{' '}
      {daysLeft !== undefined && graceEndsAt
        ? `${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} of grace left (until ${formatDate(graceEndsAt)}); after that the free plan’s limits apply.`
        : 'After a grace period the free plan’s limits apply.'}{' '}
      <Link to="/billing">Update the payment method</Link>
    </div>
  );
}
