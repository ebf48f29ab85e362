/**
 * The fleet: every registered installation with its version, channel, ring, plan, status
 * and how long ago it last reported, 25 at a time ("Load more"). The ring is changed per
 * row with Save, so a stray arrow key changes nothing; it reaches the installation with its
 * next license.
 */
import { type FormEvent, useCallback, useId, useState } from 'react';
import { RINGS, type Ring } from '../../../../functions/flags/model.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useAction } from '../../api/use-action.js';
import { StateBadge, type StateTone } from '../../components/badges.js';
import { useFeedback } from '../../components/feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { formatDateTime } from '../../format.js';
import { useAdminApi } from '../admin-context.js';
import type { FleetEntry } from '../api/admin-api.js';

const PAGE_SIZE = 25;

export const RING_LABELS: Record<Ring, string> = { 0: 'Ring 0 (own)', 1: 'Ring 1 (beta)', 2: 'Ring 2 (everyone)' };

const STATUS: Record<FleetEntry['status'], { label: string; tone: StateTone }> = {
  none: { label: 'No subscription', tone: 'neutral' },
  trialing: { label: 'Trial', tone: 'ok' },
  active: { label: 'Active', tone: 'ok' },
  past_due: { label: 'Payment overdue', tone: 'warning' },
  canceled: { label: 'Cancelled', tone: 'neutral' },
};

const PLAN_NAMES: Record<FleetEntry['plan'], string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' };

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const [value, unit] =
    seconds < 3600 ? [Math.floor(seconds / 60), 'minute'] : seconds < 86_400 ? [Math.floor(seconds / 3600), 'hour'] : [Math.floor(seconds / 86_400), 'day'];
  return `${value} ${unit}${value === 1 ? '' : 's'} ago`;
}

export function FleetPage() {
  const api = useAdminApi();
  const headingId = useId();
  const fleet = usePagedList(
    useCallback((cursor: string | undefined, signal: AbortSignal) => api.listInstallations({ cursor, limit: PAGE_SIZE }, signal), [api]),
  );
  return (
    <PageFrame title="Fleet" description="Every installation registered with this control plane: what it runs, where it stands, and its rollout ring.">
      <section className="card" aria-labelledby={headingId} aria-busy={fleet.status === 'loading'}>
        <h2 id={headingId}>Installations</h2>
        {fleet.status === 'loading' ? <StatusMessage>Loading the fleet…</StatusMessage> : null}
        {fleet.status === 'error' ? <ProblemMessage problem={fleet.problem} onRetry={fleet.retry} /> : null}
        {fleet.status === 'ready' ? (
          fleet.items.length === 0 ? (
            <p className="empty-state">No installation has registered yet. Create an activation code and give it to a customer.</p>
          ) : (
            <>
              <table className="data-table" aria-labelledby={headingId}>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Version</th>
                    <th scope="col">Plan</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last heartbeat</th>
                    <th scope="col">Ring</th>
                  </tr>
                </thead>
                <tbody>
                  {fleet.items.map((entry) => (
                    <tr key={entry.installationId}>
                      <th scope="row" data-label="Name">
                        {entry.name}
                        <span className="key-prefix break-anywhere">{entry.installationId}</span>
                      </th>
                      <td data-label="Version">
                        {entry.version}
                        <span className="row-detail">{entry.channel} channel</span>
                      </td>
                      <td data-label="Plan">
                        {PLAN_NAMES[entry.plan]}
                        {entry.seats !== undefined ? <span className="row-detail">{entry.seats === 1 ? '1 seat' : `${entry.seats} seats`} in use</span> : null}
                      </td>
                      <td data-label="Status">
                        <StateBadge label={STATUS[entry.status].label} tone={STATUS[entry.status].tone} />
                      </td>
                      <td data-label="Heartbeat">
                        {entry.lastHeartbeatAt ? (
                          <time dateTime={entry.lastHeartbeatAt} title={formatDateTime(entry.lastHeartbeatAt)}>
                            {age(entry.lastHeartbeatAt)}
                          </time>
                        ) : (
                          <span className="muted">Never</span>
                        )}
                      </td>
                      <td data-label="Ring">
                        <RingControl entry={entry} onChanged={(next) => fleet.replace((e) => e.installationId === next.installationId, next)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="button-row">
                <p className="muted small">
                  {fleet.items.length === 1 ? '1 installation' : `${fleet.items.length} installations`} shown{fleet.hasMore ? '; more to load' : ''}.
                </p>
                {fleet.hasMore ? (
                  <button type="button" className="button button-secondary" onClick={fleet.loadMore} disabled={fleet.loadingMore}>
                    {fleet.loadingMore ? 'Loading more…' : 'Load more'}
                  </button>
                ) : null}
              </div>
              {fleet.moreProblem ? <InlineProblem problem={fleet.moreProblem} /> : null}
            </>
          )
        ) : null}
      </section>
    </PageFrame>
  );
}

function RingControl({ entry, onChanged }: { entry: FleetEntry; onChanged(next: FleetEntry): void }) {
  const api = useAdminApi();
  const { announce } = useFeedback();
  const selectId = useId();
  const problemId = useId();
  const [draft, setDraft] = useState<Ring>(entry.ring);
  const change = useAction((ring: Ring) => api.setRing(entry.installationId, ring));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === entry.ring) return;
    const next = await change.run(draft);
    if (!next) return;
    onChanged(next);
    announce(`${next.name} is now in ${RING_LABELS[next.ring].toLowerCase()}; it learns so with its next license.`);
  };

  return (
    <form className="role-control" onSubmit={onSubmit}>
      <label className="visually-hidden" htmlFor={selectId}>
        Ring of {entry.name}
      </label>
      <select
        id={selectId}
        className="select select-small"
        value={draft}
        disabled={change.pending}
        onChange={(event) => {
          setDraft(Number(event.target.value) as Ring);
          change.reset();
        }}
        aria-describedby={change.problem ? problemId : undefined}
      >
        {RINGS.map((ring) => (
          <option key={ring} value={ring}>
            {RING_LABELS[ring]}
          </option>
        ))}
      </select>
      {draft !== entry.ring ? (
        <span className="button-row">
          <button type="submit" className="button button-primary button-small" disabled={change.pending}>
            {change.pending ? 'Saving…' : 'Save'}
            <span className="visually-hidden"> ring of {entry.name}</span>
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={change.pending}
            onClick={() => {
              setDraft(entry.ring);
              change.reset();
            }}
          >
            Cancel
          </button>
        </span>
      ) : null}
      {change.problem ? <InlineProblem problem={change.problem} id={problemId} /> : null}
    </form>
  );
}
