/** Lambda entry point of the job worker (SQS, partial batch responses). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { SQSEvent } from 'aws-lambda';
import { auditConsumer } from '../audit/consumer.js';
import { dynamoAuditStore } from '../audit/store.js';
import { processQueueBatch, type WorkerRegistry } from '../jobs/worker.js';
import { loadConfig } from '../platform/config.js';
import { createObservability } from '../platform/observability.js';
import { createServices } from '../services.js';

const { logger, metrics, tracer } = createObservability('job-worker');
const services = createServices(loadConfig());

export const registry: WorkerRegistry = {
  consumers: { '*': [auditConsumer(dynamoAuditStore(services.db, services.tableName))] },
  jobs: {},
};

export const handler = middy(async (event: SQSEvent) => processQueueBatch(event.Records, registry, logger))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
