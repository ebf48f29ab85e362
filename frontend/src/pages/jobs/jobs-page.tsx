/**
 * /jobs, for admins and owners: background jobs (project exports for now) by status,
 * failed ones first, each with why its last attempt failed and how many attempts it had.
 * A failed job can be retried after a confirmation; the list then drops it.
 */
import { useCallback, useId, useState } from 'react';
import { JOB_STATUSES } from '../../../../functions/exports/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { Job, JobStatus } from '../../api/jobs-api.js';
import { useAction } from '../../api/use-action.js';
import { nameIn, useDirectory } from '../../api/use-directory.js';
import { usePagedList } from '../../api/use-paged-list.js';
import type { Member } from '../../api/client.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { formatDateTime, plural } from '../../format.js';

const STATUS_LABELS: Record<JobStatus, string> = { failed: 'Failed', queued: 'Queued', running: 'Running', succeeded: 'Succeeded' };

export function JobsPage() {
  return (
    <PageFrame title="Jobs" description="Background work such as project exports. Failed jobs show why; retry them once the cause is fixed.">
      <WithPermission need="administer" audience="admins and owners">
        {() => <JobsContent />}
      </WithPermission>
    </PageFrame>
  );
}

function JobsContent() {
  const api = useApi();
  const directory = useDirectory();
  const members = directory.status === 'ready' ? directory.data : undefined;
  const [status, setStatus] = useState<JobStatus>('failed');
  const [retried, setRetried] = useState<ReadonlySet<string>>(new Set());
  const headingId = useId();
  const statusId = useId();
  const load = useCallback((cursor: string | undefined, signal: AbortSignal) => api.listJobs({ status, cursor, limit: 25 }, signal), [api, status]);
  const list = usePagedList(load);
  const items = list.status === 'ready' ? list.items.filter((job) => !retried.has(job.id)) : [];

  return (
    <div className="page-body stack-lg">
      <section className="card stack" aria-labelledby={headingId} aria-busy={list.status === 'loading'}>
        <div className="audit-results-header">
          <h2 id={headingId}>{STATUS_LABELS[status]} jobs</h2>
          <div className="field">
            <label htmlFor={statusId}>Status</label>
            <select
              id={statusId}
              className="select"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as JobStatus);
                setRetried(new Set());
              }}
            >
              {JOB_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {list.status === 'loading' ? <StatusMessage>Loading jobs…</StatusMessage> : null}
        {list.status === 'error' ? <ProblemMessage problem={list.problem} onRetry={list.retry} /> : null}
        {list.status === 'ready' ? (
          <>
            {items.length === 0 ? (
              <p className="empty-state">
                {status === 'failed' ? 'No failed jobs. Everything that ran, finished.' : `No ${STATUS_LABELS[status].toLowerCase()} jobs.`}
              </p>
            ) : (
              <table className="data-table" aria-labelledby={headingId}>
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Started by</th>
                    <th scope="col">Finished</th>
                    {status === 'failed' ? <th scope="col">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {items.map((job) => (
                    <JobRow key={job.id} job={job} members={members} onRetried={(id) => setRetried((s) => new Set([...s, id]))} />
                  ))}
                </tbody>
              </table>
            )}
            <p className="muted small" role="status">
              {`${plural(items.length, 'job')} shown${list.hasMore ? '; more may exist.' : '.'}`}
            </p>
            {list.moreProblem ? <InlineProblem problem={list.moreProblem} /> : null}
            {list.hasMore ? (
              <div className="button-row">
                <button type="button" className="button button-secondary" onClick={list.loadMore} disabled={list.loadingMore}>
                  {list.loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </div>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

function JobRow({ job, members, onRetried }: { job: Job; members?: readonly Member[]; onRetried(jobId: string): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const retry = useAction(() => api.retryJob(job.id));
  const label = `Export of ${job.projectName}`;

  const onConfirm = async () => {
    const queued = await retry.run();
    if (!queued) return;
    setConfirming(false);
    onRetried(job.id);
    announce(`${label} is queued again.`);
  };

  return (
    <tr>
      <th scope="row" data-label="Job" className="break-anywhere">
        {label}
        <span className="audit-via">{job.id}</span>
      </th>
      <td data-label="Reason" className="break-anywhere">
        {job.lastError ?? <span className="muted">No reason recorded</span>}
      </td>
      <td data-label="Attempts">{job.attempts}</td>
      <td data-label="Started by">{nameIn(members, job.createdBy)}</td>
      <td data-label="Finished">{job.finishedAt ? formatDateTime(job.finishedAt) : '—'}</td>
      {job.status === 'failed' ? (
        <td data-label="Actions">
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => {
              retry.reset();
              setConfirming(true);
            }}
          >
            Retry<span className="visually-hidden"> {label}</span>
          </button>
          <ConfirmDialog
            open={confirming}
            title={`Retry the ${label.toLowerCase()}?`}
            confirmLabel="Retry job"
            tone="primary"
            pending={retry.pending}
            problem={retry.problem}
            onConfirm={onConfirm}
            onCancel={() => setConfirming(false)}
          >
            <p>
              The job is queued again and starts from the beginning. It failed {plural(job.attempts, 'time')} so far{job.lastError ? `: ${job.lastError}` : '.'}
            </p>
          </ConfirmDialog>
        </td>
      ) : null}
    </tr>
  );
}
