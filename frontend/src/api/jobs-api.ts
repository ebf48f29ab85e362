/**
 * Client methods of the admin view of jobs: failed ones with their reason, and a retry.
 * Shapes from functions/exports/schemas.ts (jobs are project exports for now).
 */
import { type JobStatus, type JobView, jobList, jobSchema } from '../../../functions/exports/schemas.js';
import { queryString } from './projects-api.js';
import type { Requester } from './request.js';

export type { JobView as Job, JobStatus };

export interface JobsApi {
  /** GET /api/jobs?status=…: jobs in one status, newest first (admins). */
  listJobs(query: { status: JobStatus; cursor?: string; limit?: number }, signal?: AbortSignal): Promise<{ items: JobView[]; nextCursor?: string }>;
  /** POST /api/jobs/{jobId}/retry: queues a failed job again; answers the job. */
  retryJob(jobId: string): Promise<JobView>;
}

export function jobsApi(send: Requester): JobsApi {
  return {
    listJobs: ({ status, cursor, limit }, signal) =>
      send({ method: 'GET', path: `/api/jobs${queryString({ status, cursor, limit })}`, response: jobList, signal }),
    retryJob: (jobId) => send({ method: 'POST', path: `/api/jobs/${encodeURIComponent(jobId)}/retry`, response: jobSchema }),
  };
}
