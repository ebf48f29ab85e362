/**
 * The worker's consumer of `export.requested`: builds the project's zip and marks the job.
 * Safe under SQS's at-least-once delivery: the zip's key is the job's (a retry overwrites
 * the one object), the job is marked succeeded only by the attempt that started it, and a
 * delivery for a finished job does nothing. A failure is recorded on the job and rethrown
 * so the queue retries; on the last receive the job is failed with its reason.
 */
import { type BlobStore, blobKeys } from '../blobs/blob-store.js';
import { domainEvent } from '../events/domain.js';
import type { EventConsumer, WorkerLog } from '../jobs/worker.js';
import type { Clock, IdSource } from '../platform/ports.js';
import { alreadyCompressed, attachmentPath, documentPath, markdownFile } from './archive-layout.js';
import { EXPORT_EVENTS, type ExportJob, failureReason, zipExpiry } from './domain.js';
import type { ExportSource } from './source.js';
import type { JobStore } from './store.js';
import { type ZipEntry, zipStream } from './zip.js';

export interface ExportConsumerDeps {
  jobs: JobStore;
  source: ExportSource;
  blobs: BlobStore;
  clock: Clock;
  ids: IdSource;
  log: WorkerLog;
  /** Documents between two progress writes. @default 10 */
  progressEvery?: number;
}

export function exportConsumer(deps: ExportConsumerDeps): EventConsumer {
  const systemEvent = (type: string, job: ExportJob, data: Record<string, unknown>, correlationId?: string) =>
    domainEvent(
      { type, actor: { userId: 'system', via: 'system' }, subject: { kind: 'job', id: job.jobId }, data, ...(correlationId ? { correlationId } : {}) },
      deps,
    );

  async function* entries(job: ExportJob): AsyncGenerator<ZipEntry> {
    const documents = await deps.source.listDocuments(job.projectId);
    const every = deps.progressEvery ?? 10;
    await deps.jobs.progress(job.jobId, job.attempts, { done: 0, total: documents.length });
    for (const [index, doc] of documents.entries()) {
      const attachments = await deps.source.attachments(doc.documentId);
      const body = await deps.source.body(doc.documentId);
      const modifiedAt = new Date(doc.updatedAt);
      yield { name: documentPath(doc), bytes: Buffer.from(markdownFile(doc, body, attachments), 'utf8'), modifiedAt };
      for (const attachment of attachments) {
        const bytes = await deps.blobs.get(attachment.key);
        if (!bytes) throw new Error(`The file of attachment ${attachment.attachmentId} (${attachment.fileName}) is missing from the bucket.`);
        yield { name: attachmentPath(doc.documentId, attachment), bytes, modifiedAt, stored: alreadyCompressed(attachment.contentType) };
      }
      const done = index + 1;
      if (done % every === 0 && done < documents.length) await deps.jobs.progress(job.jobId, job.attempts, { done, total: documents.length });
    }
    await deps.jobs.progress(job.jobId, job.attempts, { done: documents.length, total: documents.length });
  }

  return async (event, delivery) => {
    const jobId = typeof event.data.jobId === 'string' ? event.data.jobId : undefined;
    if (!jobId) throw new Error(`${EXPORT_EVENTS.requested} event ${event.id} names no job.`);
    const job = await deps.jobs.start(jobId, deps.clock.now().toISOString());
    if (!job) {
      deps.log.info('export job already finished or gone; delivery acknowledged', { jobId, eventId: event.id });
      return;
    }
    try {
      const key = blobKeys.exportZip(jobId);
      const { sizeBytes } = await deps.blobs.putStream(key, zipStream(entries(job)), { contentType: 'application/zip' });
      const finishedAt = deps.clock.now();
      const finished = await deps.jobs.succeed(
        jobId,
        job.attempts,
        { sizeBytes, finishedAt: finishedAt.toISOString(), zipExpiresAt: zipExpiry(finishedAt) },
        systemEvent(EXPORT_EVENTS.succeeded, job, { jobId, projectId: job.projectId, sizeBytes }, event.correlationId),
      );
      if (!finished) deps.log.info('a later attempt owns this export job; this one stops', { jobId, attempt: job.attempts });
    } catch (error) {
      const reason = failureReason(error);
      // The job id in the log line is how an operator finds the job of a dead-lettered message.
      deps.log.error(
        delivery.lastAttempt ? 'export job failed for good; the message goes to the dead-letter queue' : 'export attempt failed; it will be retried',
        {
          jobId,
          attempt: job.attempts,
          receiveCount: delivery.receiveCount,
          reason,
        },
      );
      const final = delivery.lastAttempt
        ? {
            finishedAt: deps.clock.now().toISOString(),
            event: systemEvent(EXPORT_EVENTS.failed, job, { jobId, projectId: job.projectId, reason }, event.correlationId),
          }
        : undefined;
      await deps.jobs.recordFailure(jobId, job.attempts, reason, final);
      throw error;
    }
  };
}
