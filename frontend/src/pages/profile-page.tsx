/** /profile: who I am and what the installation's plan allows, from GET /api/me. */
import { useMe } from '../api/me-context.js';
import { AccountSummary } from '../components/account-summary.js';
import { EntitlementsSummary } from '../components/entitlements-summary.js';
import { ProblemMessage } from '../components/problem-message.js';
import { StatusMessage } from '../components/status-message.js';
import { usePageTitle } from '../components/use-page-title.js';

export function ProfilePage() {
  usePageTitle('Profile');
  const me = useMe();
  return (
    <div className="page">
      <div className="page-header">
        <h1>Profile</h1>
        <p className="muted">Your account, and what this installation’s plan allows.</p>
      </div>
      <div className="page-body" aria-busy={me.status === 'loading'}>
        {me.status === 'loading' ? <StatusMessage>Loading your profile…</StatusMessage> : null}
        {me.status === 'error' ? <ProblemMessage problem={me.problem} onRetry={me.retry} /> : null}
        {me.status === 'ready' ? (
          <div className="card-grid">
            <AccountSummary user={me.data.user} />
            <EntitlementsSummary entitlements={me.data.entitlements} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
