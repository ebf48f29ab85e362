/**
 * Exports of a project: start one (a job, idempotent per attempt), follow it while it is
 * queued or running (GET /api/jobs/{jobId} about once a second), download the zip once it
 * succeeded, read the reason when it failed.
 */
import { useCallback, useEffect, useId, useRef } from 'react';
import { EXPORT_RETENTION_DAYS } from '../../../../functions/exports/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { ExportJob } from '../../api/exports-api.js';
import type { Project } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import { StateBadge, type StateTone } from '../../components/badges.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { formatBytes, formatDateTime } from '../../format.js';
import { AttemptKey } from './project-access.js';

const POLL_MS = 1000;
const SHOWN = 10;
const STATUS: Record<ExportJob['status'], { label: string; tone: StateTone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'warning' },
  succeeded: { label: 'Ready', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
};
const isActive = (job: ExportJob) => job.status === 'queued' || job.status === 'running';

export function ProjectExports({ project }: { project: Project }) {
  const api = useApi();
  const { announce } = useFeedback();
  const load = useCallback(async (signal: AbortSignal) => (await api.listExports(project.id, { limit: SHOWN }, signal)).items, [api, project.id]);
  const exports = useResource(load);
  const attempt = useRef(new AttemptKey());
  const start = useAction(() => api.startExport(project.id, attempt.current.for({ projectId: project.id })));

  const onStart = async () => {
    const job = await start.run();
    if (!job) return;
    attempt.current.done();
    exports.update((jobs) => [job, ...jobs.filter((j) => j.id !== job.id)]);
    announce('Export started.');
  };

  // Follow the jobs still moving; each answer replaces its row. Stops once none is queued or running.
  const activeIds = exports.status === 'ready' ? exports.data.filter(isActive).map((j) => j.id) : [];
  const activeKey = activeIds.join(',');
  const { update } = exports;
  useEffect(() => {
    if (!activeKey) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const ids = activeKey.split(',');
      const answers = await Promise.allSettled(ids.map((id) => api.getExportJob(id, controller.signal)));
      if (controller.signal.aborted) return;
      const fresh = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      update((jobs) => jobs.map((job) => fresh.find((f) => f.id === job.id) ?? job));
      for (const job of fresh) {
        if (job.status === 'succeeded') announce('Export ready to download.');
        if (job.status === 'failed') announce('Export failed.');
      }
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [activeKey, api, update, announce]);

  return (
    <section aria-labelledby="exports-heading" className="stack">
      <h2 id="exports-heading">Exports</h2>
      <p className="muted">An export is a zip of every document in the project, as markdown. It stays downloadable for {EXPORT_RETENTION_DAYS} days.</p>
      <p>
        <button type="button" className="button button-primary" onClick={onStart} disabled={start.pending || project.status === 'trashed'}>
          {start.pending ? 'Starting…' : 'Export project'}
        </button>
      </p>
      {start.problem ? <InlineProblem problem={start.problem} /> : null}
      <div aria-busy={exports.status === 'loading'}>
        {exports.status === 'loading' ? <StatusMessage>Loading exports…</StatusMessage> : null}
        {exports.status === 'error' ? <ProblemMessage problem={exports.problem} onRetry={exports.retry} /> : null}
        {exports.status === 'ready' ? (
          exports.data.length === 0 ? (
            <p className="empty-state">No exports yet.</p>
          ) : (
            <ul className="export-list" aria-label="Recent exports">
              {exports.data.map((job) => (
                <li key={job.id}>
                  <ExportRow job={job} />
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>
    </section>
  );
}

function ExportRow({ job }: { job: ExportJob }) {
  const api = useApi();
  const labelId = useId();
  const download = useAction(() => api.exportDownloadLink(job.id));
  const { label, tone } = STATUS[job.status];
  const { done, total } = job.progress;

  const onDownload = async () => {
    const link = await download.run();
    if (link) window.location.assign(link.url);
  };

  return (
    <article className="export-row stack-sm" aria-labelledby={labelId}>
      <div className="export-row-head">
        <h3 id={labelId} className="export-title">
          Export of {formatDateTime(job.createdAt)}
        </h3>
        <StateBadge label={label} tone={tone} />
      </div>
      {isActive(job) ? (
        <div className="export-progress">
          <progress
            className="progress"
            max={Math.max(total, 1)}
            value={total > 0 ? done : undefined}
            aria-label={`Progress of the export of ${formatDateTime(job.createdAt)}`}
          />
          <span className="muted small">{total > 0 ? `${done} of ${total} documents` : 'Waiting to start…'}</span>
        </div>
      ) : null}
      {job.status === 'succeeded' ? (
        <div className="button-row">
          <button type="button" className="button button-secondary button-small" onClick={onDownload} disabled={download.pending}>
            {download.pending ? 'Preparing…' : 'Download zip'}
            <span className="visually-hidden"> of the export of {formatDateTime(job.createdAt)}</span>
          </button>
          <span className="muted small">
            {job.sizeBytes !== undefined ? formatBytes(job.sizeBytes) : null}
            {job.expiresAt ? ` · available until ${formatDateTime(job.expiresAt)}` : null}
          </span>
        </div>
      ) : null}
      {job.status === 'failed' ? (
        <p className="form-error">
          {job.lastError ?? 'The export failed.'} {job.attempts > 1 ? `(${job.attempts} attempts)` : null}
        </p>
      ) : null}
      {download.problem ? <InlineProblem problem={download.problem} /> : null}
    </article>
  );
}
