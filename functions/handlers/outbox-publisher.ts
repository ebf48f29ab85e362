/** Lambda entry point of the outbox publisher (DynamoDB stream → EventBridge). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { eventBridgeBus } from '../events/eventbridge-bus.js';
import { publishOutboxRecords } from '../events/publisher.js';
import { createEventBridgeClient } from '../platform/aws-clients.js';
import { loadConfigPart } from '../platform/config.js';
import { createObservability } from '../platform/observability.js';

const { logger, metrics, tracer } = createObservability('outbox-publisher');
const config = loadConfigPart(['EVENT_BUS_NAME', 'EVENTBRIDGE_ENDPOINT']);
if (!config.EVENT_BUS_NAME) throw new Error('EVENT_BUS_NAME is not set: the outbox publisher has no bus to publish to.');
const bus = eventBridgeBus(tracer.captureAWSv3Client(createEventBridgeClient(config)), config.EVENT_BUS_NAME);

export const handler = middy(async (event: DynamoDBStreamEvent) => {
  const result = await publishOutboxRecords(event.Records, bus);
  metrics.addMetric('EventsPublished', MetricUnit.Count, result.published);
  if (result.batchItemFailures.length > 0)
    logger.warn('bus refused events; the batch will be retried from the first failure', { failures: result.batchItemFailures });
  return { batchItemFailures: result.batchItemFailures };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
