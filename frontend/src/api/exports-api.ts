/**
 * Client methods of project exports: start one (a job), follow its progress, get the zip's
 * link. Shapes from functions/exports/schemas.ts. The admin list of failed jobs is not here
 * (jobs-api.ts).
 */
import { downloadLinkSchema } from '../../../functions/attachments/schemas.js';
import { type JobView, jobList, jobSchema } from '../../../functions/exports/schemas.js';
import type { DownloadLink } from './attachments-api.js';
import { queryString } from './projects-api.js';
import type { Requester } from './request.js';

export type { JobView as ExportJob };

export interface ExportsApi {
  /** POST /api/projects/{projectId}/exports (202): the queued job; the same key never starts two. */
  startExport(projectId: string, idempotencyKey: string): Promise<JobView>;
  /** GET /api/projects/{projectId}/exports: this project's exports, newest first. */
  listExports(projectId: string, query: { cursor?: string; limit?: number }, signal?: AbortSignal): Promise<{ items: JobView[]; nextCursor?: string }>;
  /** GET /api/jobs/{jobId}: status and progress of one export. */
  getExportJob(jobId: string, signal?: AbortSignal): Promise<JobView>;
  /** GET /api/jobs/{jobId}/download: a short-lived link to the zip of a succeeded export. */
  exportDownloadLink(jobId: string): Promise<DownloadLink>;
}

const job = (jobId: string) => `/api/jobs/${encodeURIComponent(jobId)}` as const;

export function exportsApi(send: Requester): ExportsApi {
  return {
    startExport: (projectId, idempotencyKey) =>
      send({
        method: 'POST',
        path: `/api/projects/${encodeURIComponent(projectId)}/exports`,
        headers: { 'idempotency-key': idempotencyKey },
        response: jobSchema,
      }),
    listExports: (projectId, { cursor, limit }, signal) =>
      send({ method: 'GET', path: `/api/projects/${encodeURIComponent(projectId)}/exports${queryString({ cursor, limit })}`, response: jobList, signal }),
    getExportJob: (jobId, signal) => send({ method: 'GET', path: job(jobId), response: jobSchema, signal }),
    exportDownloadLink: (jobId) => send({ method: 'GET', path: `${job(jobId)}/download`, response: downloadLinkSchema }),
  };
}
