/**
 * Wire schemas of jobs (project exports for now); shared with the SPA's typed client. A
 * job is an item with a status the worker moves forward: queued → running → succeeded,
 * or failed (with its reason) once its retries are spent; an admin may retry a failed one.
 */
import { z } from 'zod';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** Days an export's zip stays downloadable. */
export const EXPORT_RETENTION_DAYS = 7;

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['project-export']),
    status: z.enum(JOB_STATUSES),
    /** The project exported. */
    projectId: z.string(),
    projectName: z.string(),
    progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
    attempts: z.number().int().nonnegative(),
    /** Why the last attempt failed, for people (no stack traces). */
    lastError: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    /** Size of the zip once succeeded. */
    sizeBytes: z.number().int().nonnegative().optional(),
    /** When the zip is deleted. */
    expiresAt: z.string().optional(),
  })
  .meta({ id: 'Job' });
export type JobView = z.infer<typeof jobSchema>;
export const jobList = z.object({ items: z.array(jobSchema), nextCursor: z.string().optional() }).meta({ id: 'JobList' });

export const jobParams = z.object({ jobId: z.string().regex(/^[0-9A-Z]{26}$/) });
export const listJobsQuery = z.object({
  status: z.enum(JOB_STATUSES).default('failed'),
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
