/** Lambda entry point of the job worker (SQS, partial batch responses). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { SQSEvent } from 'aws-lambda';
import { attachmentPurgeConsumer } from '../attachments/purge-consumer.js';
import { auditConsumer } from '../audit/consumer.js';
import { dynamoAuditStore } from '../audit/store.js';
import { queueCatalog } from '../catalog.js';
import { DOCUMENT_EVENTS } from '../documents/domain.js';
import { exportConsumer } from '../exports/consumer.js';
import { EXPORT_EVENTS } from '../exports/domain.js';
import { storesExportSource } from '../exports/source-adapter.js';
import { processQueueBatch, type WorkerRegistry } from '../jobs/worker.js';
import { SYNC_LICENSE_JOB_TYPE, syncLicenseJob } from '../licensing/sync-job.js';
import { loadConfig } from '../platform/config.js';
import { createObservability } from '../platform/observability.js';
import { PURGE_JOB_TYPE, purgeTrashJob } from '../projects/purge.js';
import { createServices } from '../services.js';
import { CHECK_UPDATES_JOB_TYPE, checkUpdatesJob } from '../upgrades/check-job.js';

const { logger, metrics, tracer } = createObservability('job-worker');
const services = createServices(loadConfig());

export const registry: WorkerRegistry = {
  consumers: {
    '*': [auditConsumer(dynamoAuditStore(services.db, services.tableName))],
    [EXPORT_EVENTS.requested]: [exportConsumer({ ...services, source: storesExportSource(services.documents, services.attachments), log: logger })],
    [DOCUMENT_EVENTS.purged]: [attachmentPurgeConsumer(services)],
  },
  jobs: {
    [PURGE_JOB_TYPE]: purgeTrashJob(services, logger),
    [CHECK_UPDATES_JOB_TYPE]: checkUpdatesJob(services, logger),
    [SYNC_LICENSE_JOB_TYPE]: syncLicenseJob(services, logger),
  },
};

export const handler = middy(async (event: SQSEvent) => processQueueBatch(event.Records, registry, logger, queueCatalog.jobs.maxReceiveCount))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
