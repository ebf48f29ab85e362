/**
 * Export jobs: a project's documents and attachments as one zip, built by the worker.
 * A job moves queued → running → succeeded, or failed once its deliveries are spent; an
 * admin may re-arm a failed one. Pure rules and types: no AWS, no HTTP.
 */
import { EXPORT_RETENTION_DAYS, type JobStatus, type JobView } from './schemas.js';

export const EXPORT_EVENTS = {
  /** Written with the job; the worker builds the zip when it arrives. */
  requested: 'export.requested',
  succeeded: 'export.succeeded',
  failed: 'export.failed',
} as const;

export interface ExportJob {
  jobId: string;
  kind: 'project-export';
  status: JobStatus;
  projectId: string;
  projectName: string;
  progress: { done: number; total: number };
  attempts: number;
  lastError?: string;
  createdAt: string;
  createdBy: string;
  startedAt?: string;
  finishedAt?: string;
  sizeBytes?: number;
  /** When the zip is deleted by the bucket's lifecycle rule (ISO). */
  zipExpiresAt?: string;
}

export function newExportJob(input: { jobId: string; projectId: string; projectName: string; createdBy: string; now: Date }): ExportJob {
  return {
    jobId: input.jobId,
    kind: 'project-export',
    status: 'queued',
    projectId: input.projectId,
    projectName: input.projectName,
    progress: { done: 0, total: 0 },
    attempts: 0,
    createdAt: input.now.toISOString(),
    createdBy: input.createdBy,
  };
}

/** The lifecycle rule counts whole days from the object's creation; the link says the same. */
export const zipExpiry = (finishedAt: Date) => new Date(finishedAt.getTime() + EXPORT_RETENTION_DAYS * 24 * 3600 * 1000).toISOString();

/** Reasons are for people: one line, bounded, never a stack trace. */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? 'unknown error').slice(0, 500) || 'unknown error';
}

export const jobView = (job: ExportJob): JobView => ({
  id: job.jobId,
  kind: job.kind,
  status: job.status,
  projectId: job.projectId,
  projectName: job.projectName,
  progress: job.progress,
  attempts: job.attempts,
  ...(job.lastError ? { lastError: job.lastError } : {}),
  createdAt: job.createdAt,
  createdBy: job.createdBy,
  ...(job.startedAt ? { startedAt: job.startedAt } : {}),
  ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  ...(job.sizeBytes !== undefined ? { sizeBytes: job.sizeBytes } : {}),
  ...(job.zipExpiresAt ? { expiresAt: job.zipExpiresAt } : {}),
});
