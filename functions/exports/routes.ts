/**
 * HTTP routes of project exports and the jobs behind them. Creating an export writes the
 * job and its `export.requested` event in one transaction (the worker builds the zip);
 * reading a job or its zip needs read access to its project (404 otherwise). Failed jobs
 * are listed and retried by admins (`jobs:manage`).
 */
import type { Caller } from '../platform/caller.js';
import { callerEvent, callerOf } from '../platform/caller.js';
import { Conflict, NotFound } from '../platform/errors.js';
import { DuplicateRequest, findReplay, idempotencyOf, idempotencyPut, replayAfterRace } from '../platform/idempotency.js';
import { defineRoute, Reply } from '../platform/route.js';
import { readableProject } from '../projects/access.js';
import { projectParams } from '../projects/schemas.js';
import { downloadLinkSchema, DOWNLOAD_LINK_SECONDS } from '../attachments/schemas.js';
import { blobKeys } from '../blobs/blob-store.js';
import { EXPORT_EVENTS, type ExportJob, jobView, newExportJob } from './domain.js';
import { exportFileName } from './archive-layout.js';
import { jobList, jobParams, jobSchema, type JobView, listJobsQuery } from './schemas.js';
import { z } from 'zod';

const requested = (caller: Caller, job: ExportJob, retry: boolean) =>
  callerEvent(caller, EXPORT_EVENTS.requested, { kind: 'job', id: job.jobId }, { jobId: job.jobId, projectId: job.projectId, retry });

/** The job if the caller may read its project; NotFound otherwise, whether it exists or not. */
async function readableJob(caller: Caller, jobId: string): Promise<ExportJob> {
  const job = await caller.services.jobs.get(jobId);
  if (!job) throw new NotFound('No such job.');
  try {
    await readableProject(caller, job.projectId);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound('No such job.');
    throw error;
  }
  return job;
}

const pageQuery = z.object({ cursor: z.string().max(1024).optional(), limit: z.coerce.number().int().min(1).max(100).default(25) });

export const createExport = defineRoute({
  method: 'POST',
  path: '/api/projects/{projectId}/exports',
  operationId: 'createExport',
  summary: 'Export a project as a zip (a job; Idempotency-Key supported)',
  tag: 'exports',
  access: { action: 'projects:read' },
  params: projectParams,
  response: jobSchema,
  status: 202,
  async handle(input) {
    const caller = callerOf(input);
    const { services } = input;
    const idempotency = idempotencyOf(input, 'createExport');
    const replay = await findReplay<JobView>(services, idempotency);
    if (replay) return replay;
    const project = await readableProject(caller, input.params.projectId);
    if (project.status === 'trashed') throw new Conflict('The project is in the trash; restore it to export it.');
    const job = newExportJob({
      jobId: services.ids.next(),
      projectId: project.projectId,
      projectName: project.name,
      createdBy: caller.principal.userId,
      now: services.clock.now(),
    });
    const view = jobView(job);
    try {
      await services.jobs.create(job, requested(caller, job, false), idempotencyPut(services, idempotency, 202, view));
    } catch (error) {
      if (error instanceof DuplicateRequest && idempotency) return replayAfterRace<JobView>(services, idempotency);
      throw error;
    }
    return new Reply(view, 202);
  },
});

export const listExports = defineRoute({
  method: 'GET',
  path: '/api/projects/{projectId}/exports',
  operationId: 'listExports',
  summary: 'A project’s exports, newest first',
  tag: 'exports',
  access: { action: 'projects:read' },
  params: projectParams,
  query: pageQuery,
  response: jobList,
  async handle(input) {
    const project = await readableProject(callerOf(input), input.params.projectId);
    const page = await input.services.jobs.listByProject(project.projectId, input.query);
    return { items: page.items.map(jobView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  },
});

export const getJob = defineRoute({
  method: 'GET',
  path: '/api/jobs/{jobId}',
  operationId: 'getJob',
  summary: 'A job and its progress',
  tag: 'exports',
  access: { action: 'projects:read' },
  params: jobParams,
  response: jobSchema,
  async handle(input) {
    return jobView(await readableJob(callerOf(input), input.params.jobId));
  },
});

export const downloadExport = defineRoute({
  method: 'GET',
  path: '/api/jobs/{jobId}/download',
  operationId: 'downloadExport',
  summary: 'A short-lived link to an export’s zip',
  tag: 'exports',
  access: { action: 'projects:read' },
  params: jobParams,
  response: downloadLinkSchema,
  async handle(input) {
    const job = await readableJob(callerOf(input), input.params.jobId);
    if (job.status !== 'succeeded') throw new Conflict(`The export is ${job.status}; its zip is not ready.`);
    if (job.zipExpiresAt && job.zipExpiresAt <= input.services.clock.now().toISOString())
      throw new NotFound('This export has expired; export the project again.');
    return input.services.blobs.presignDownload(blobKeys.exportZip(job.jobId), {
      fileName: exportFileName(job.projectName, job.createdAt),
      expiresInSeconds: DOWNLOAD_LINK_SECONDS,
    });
  },
});

export const listJobs = defineRoute({
  method: 'GET',
  path: '/api/jobs',
  operationId: 'listJobs',
  summary: 'Jobs by status, newest first (failed ones by default, with their reasons)',
  tag: 'exports',
  access: { action: 'jobs:manage' },
  query: listJobsQuery,
  response: jobList,
  async handle(input) {
    const page = await input.services.jobs.listByStatus(input.query.status, input.query);
    return { items: page.items.map(jobView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  },
});

export const retryJob = defineRoute({
  method: 'POST',
  path: '/api/jobs/{jobId}/retry',
  operationId: 'retryJob',
  summary: 'Run a failed job again',
  tag: 'exports',
  access: { action: 'jobs:manage' },
  params: jobParams,
  response: jobSchema,
  status: 202,
  async handle(input) {
    const caller = callerOf(input);
    const job = await input.services.jobs.get(input.params.jobId);
    if (!job) throw new NotFound('No such job.');
    if (job.status !== 'failed') throw new Conflict(`Only a failed job can be retried; this one is ${job.status}.`);
    return new Reply(jobView(await input.services.jobs.retry(job, requested(caller, job, true))), 202);
  },
});

export const exportRoutes = [createExport, listExports, getJob, downloadExport, listJobs, retryJob];
