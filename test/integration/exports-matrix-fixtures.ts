/**
 * Attachments and jobs in given states, for the authorization matrix: written through the
 * real stores and the blob store (the local S3 stand-in), so each cell meets real objects.
 */
import { newAttachment } from '../../functions/attachments/domain.js';
import { domainEvent } from '../../functions/events/domain.js';
import { newExportJob, zipExpiry } from '../../functions/exports/domain.js';
import type { Services } from '../../functions/services.js';

const system = { userId: 'system', via: 'system' as const };
const eventFor = (s: Services) => domainEvent({ type: 'test.fixture', actor: system, subject: { kind: 'test', id: 'x' }, data: {} }, s);
async function* bytes(text: string) {
  yield Buffer.from(text);
}

/** An attachment of the document: `uploaded` is pending with its object in the bucket; `ready` is also completed. */
export async function anAttachment(s: Services, documentId: string, projectId: string, state: 'uploaded' | 'ready'): Promise<string> {
  const attachment = newAttachment({
    attachmentId: s.ids.next(),
    documentId,
    projectId,
    fileName: 'fixture.txt',
    contentType: 'text/plain',
    sizeBytes: 3,
    createdBy: 'system',
    now: new Date(),
  });
  await s.attachments.createPending(attachment, eventFor(s));
  await s.blobs.putStream(attachment.key, bytes('abc'), { contentType: 'text/plain' });
  if (state === 'ready') await s.attachments.markReady(attachment, Number.MAX_SAFE_INTEGER, eventFor(s));
  return attachment.attachmentId;
}

/** An export job of the project: queued, succeeded (with its zip) or failed. */
export async function aJob(s: Services, projectId: string, state: 'queued' | 'succeeded' | 'failed'): Promise<string> {
  const job = newExportJob({ jobId: s.ids.next(), projectId, projectName: 'fixture', createdBy: 'system', now: new Date() });
  await s.jobs.create(job, eventFor(s));
  if (state === 'queued') return job.jobId;
  const started = await s.jobs.start(job.jobId, new Date().toISOString());
  if (!started) throw new Error('fixture job did not start');
  if (state === 'succeeded') {
    await s.blobs.putStream(`exports/${job.jobId}.zip`, bytes('PK'), { contentType: 'application/zip' });
    await s.jobs.succeed(job.jobId, started.attempts, { sizeBytes: 2, finishedAt: new Date().toISOString(), zipExpiresAt: zipExpiry(new Date()) }, eventFor(s));
  } else {
    await s.jobs.recordFailure(job.jobId, started.attempts, 'fixture failure', { finishedAt: new Date().toISOString(), event: eventFor(s) });
  }
  return job.jobId;
}
