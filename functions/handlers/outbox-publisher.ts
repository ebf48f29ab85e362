/** Lambda entry point of the outbox publisher (DynamoDB stream → EventBridge). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { eventBridgeBus } from '../events/eventbridge-bus.js';
import { publishOutboxRecords } from '../events/publisher.js';
import { createObservability } from '../platform/observability.js';
import { z } from 'zod';

const { logger, metrics, tracer } = createObservability('outbox-publisher');
const { EVENT_BUS_NAME } = z.object({ EVENT_BUS_NAME: z.string().min(1) }).parse(process.env);
const bus = eventBridgeBus(tracer.captureAWSv3Client(new EventBridgeClient({})), EVENT_BUS_NAME);

export const handler = middy(async (event: DynamoDBStreamEvent) => {
  const result = await publishOutboxRecords(event.Records, bus);
  metrics.addMetric('EventsPublished', MetricUnit.Count, result.published);
  if (result.batchItemFailures.length > 0) logger.warn('bus refused events; the batch will be retried from the first failure', { failures: result.batchItemFailures });
  return { batchItemFailures: result.batchItemFailures };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
