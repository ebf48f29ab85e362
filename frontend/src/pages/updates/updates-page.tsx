/**
 * /updates, for admins and owners: the version that runs, the release channel and how
 * upgrades happen (AutoUpdate, maintenance window), the latest release with its notes, the
 * last check and the last upgrade, and, when the pipeline waits, approve or reject.
 */
import { useCallback, useId, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import type { UpdatesView } from '../../api/updates-api.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { MarkdownView } from '../../components/markdown-view.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { formatDateTime } from '../../format.js';

const MODES: Record<UpdatesView['autoUpdate'], string> = {
  off: 'Off: the installation does not look for updates.',
  notify: 'Notify: new versions are shown here; an operator starts the upgrade pipeline.',
  auto: 'Automatic: the pipeline upgrades by itself inside the maintenance window.',
};

export function UpdatesPage() {
  return (
    <PageFrame title="Updates" description="The version this installation runs, the latest release of its channel, and upgrades waiting for approval.">
      <WithPermission need="administer" audience="admins and owners">
        {() => <UpdatesContent />}
      </WithPermission>
    </PageFrame>
  );
}

function UpdatesContent() {
  const api = useApi();
  const updates = useResource(useCallback((signal: AbortSignal) => api.getUpdates(signal), [api]));
  if (updates.status === 'loading') return <StatusMessage>Loading updates…</StatusMessage>;
  if (updates.status === 'error') return <ProblemMessage problem={updates.problem} onRetry={updates.retry} />;
  const view = updates.data;
  return (
    <div className="page-body stack-lg">
      <VersionCard view={view} />
      {view.pendingApproval ? <ApprovalCard view={view} onDecided={(next) => updates.update(() => next)} /> : null}
      <LatestCard view={view} />
    </div>
  );
}

function VersionCard({ view }: { view: UpdatesView }) {
  const headingId = useId();
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>This installation</h2>
      <dl className="details-list">
        <dt>Running version</dt>
        <dd>{view.currentVersion}</dd>
        <dt>Release channel</dt>
        <dd>{view.channel}</dd>
        <dt>Automatic updates</dt>
        <dd>{MODES[view.autoUpdate]}</dd>
        {/* "(UTC)" beside the value, not in the term: the term column is max-content and must leave room at 375 px. */}
        <dt>Maintenance window</dt>
        <dd>{view.maintenanceWindow} UTC</dd>
        <dt>Last check</dt>
        <dd>
          {view.lastCheck
            ? `${formatDateTime(view.lastCheck.at)}${view.lastCheck.ok ? '' : ` (failed: ${view.lastCheck.error ?? 'unknown reason'})`}`
            : 'Not checked yet'}
        </dd>
        {view.lastUpgrade ? (
          <>
            <dt>Last upgrade</dt>
            <dd>
              {view.lastUpgrade.fromVersion} → {view.lastUpgrade.toVersion}: {view.lastUpgrade.outcome} ({formatDateTime(view.lastUpgrade.at)}){' '}
              {view.lastUpgrade.detail}
            </dd>
          </>
        ) : null}
      </dl>
      <p className="muted">The channel, mode and window are stack parameters: change them by updating the stack (docs/upgrades.md).</p>
    </section>
  );
}

function LatestCard({ view }: { view: UpdatesView }) {
  const headingId = useId();
  const { latest } = view;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{view.updateAvailable && latest ? `Update available: ${latest.version}` : 'Latest release'}</h2>
      {!latest ? <p className="empty-state">No release information yet: the channel's manifest has not been read.</p> : null}
      {latest && !view.updateAvailable && !view.blockedReason ? <p>You run the latest {view.channel} release.</p> : null}
      {view.blockedReason ? (
        <p className="inline-problem" role="status">
          {view.blockedReason}
        </p>
      ) : null}
      {latest ? (
        <>
          <p className="muted">
            Version {latest.version}, published {formatDateTime(latest.publishedAt)}; upgrades directly from {latest.minimumUpgradableVersion} or later.
          </p>
          {/* Notes usually open with "## <version>", which MarkdownView renders as an h4: this h3 keeps the outline without gaps. */}
          <h3>Release notes</h3>
          <MarkdownView source={latest.releaseNotes} />
        </>
      ) : null}
    </section>
  );
}

function ApprovalCard({ view, onDecided }: { view: UpdatesView; onDecided(next: UpdatesView): void }) {
  const api = useApi();
  const feedback = useFeedback();
  const headingId = useId();
  const pending = view.pendingApproval;
  const [confirming, setConfirming] = useState<'approve' | 'reject' | undefined>();
  const decide = useAction((decision: 'approve' | 'reject') => api.decideUpgrade({ decision, toVersion: pending?.toVersion ?? '' }));
  if (!pending) return null;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Upgrade to {pending.toVersion} waits for approval</h2>
      <p>
        The pipeline prepared change set <code>{pending.changeSetName}</code> on {formatDateTime(pending.requestedAt)} to upgrade from {pending.fromVersion}.
        Approving deploys it now; the stack rolls back by itself if the update fails.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={decide.pending} onClick={() => setConfirming('approve')}>
          Approve upgrade
        </button>
        <button type="button" className="button" disabled={decide.pending} onClick={() => setConfirming('reject')}>
          Reject
        </button>
      </div>
      <ConfirmDialog
        open={confirming !== undefined}
        title={confirming === 'reject' ? `Reject the upgrade to ${pending.toVersion}?` : `Upgrade to ${pending.toVersion} now?`}
        confirmLabel={confirming === 'reject' ? 'Reject upgrade' : 'Approve and deploy'}
        tone={confirming === 'reject' ? 'danger' : 'primary'}
        pending={decide.pending}
        problem={decide.problem}
        onCancel={() => setConfirming(undefined)}
        onConfirm={async () => {
          const decision = confirming ?? 'reject';
          const next = await decide.run(decision);
          if (!next) return;
          setConfirming(undefined);
          feedback.announce(decision === 'approve' ? `Upgrade to ${pending.toVersion} approved.` : `Upgrade to ${pending.toVersion} rejected.`);
          onDecided(next);
        }}
      >
        <p>
          {confirming === 'reject'
            ? 'The pipeline stops and records the rejection; its next run offers the upgrade again.'
            : 'CloudFormation updates the stack now; it rolls back by itself if the update fails.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
