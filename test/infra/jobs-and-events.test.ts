/**
 * Async work never disappears: jobs retry then wait in a DLQ, undeliverable bus events wait
 * in a DLQ, and stream batches the publisher gives up on are recorded. The worker and the
 * publisher report failures item by item, so one bad record does not replay a batch.
 */
import { describe, expect, it } from 'vitest';
import { busRules, functionCatalog, queueCatalog } from '../../functions/catalog.js';
import { EVENT_SOURCE } from '../../functions/events/domain.js';
import { OUTBOX_ENTITY } from '../../functions/events/outbox.js';
import { type CfnJson, resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const resources = template.toJSON().Resources as Record<string, CfnJson>;
const queues = resourcesOfType(template, 'AWS::SQS::Queue');
const [[jobQueueId, jobQueue] = []] = queues.filter(([, queue]) => queue.Properties.RedrivePolicy);
const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties);
const sqsMapping = mappings.find((m) => m.EventSourceArn['Fn::GetAtt']?.[0] === jobQueueId);
const streamMapping = mappings.find((m) => m.EventSourceArn['Fn::GetAtt']?.[1] === 'StreamArn');
const { jobWorker, outboxPublisher } = functionCatalog;

describe('the job queue', () => {
  it('moves a message to its DLQ after maxReceiveCount deliveries', () => {
    expect(jobQueue.Properties.RedrivePolicy.maxReceiveCount).toBe(queueCatalog.jobs.maxReceiveCount);
    const dlqId = jobQueue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(resources[dlqId].Properties.MessageRetentionPeriod).toBe(queueCatalog.jobs.dlqRetentionDays * 24 * 3600);
  });

  it("hides a message for at least 6x the worker's timeout", () => {
    expect(jobQueue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * jobWorker.timeoutSeconds);
  });

  it('is encrypted with SQS-managed keys and refuses non-TLS requests, like every queue', () => {
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      const policy = resourcesOfType(template, 'AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues).includes(id));
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');
    }
  });
});

describe('the job worker', () => {
  it('reads the job queue in batches from the catalog and reports failed messages one by one', () => {
    expect(sqsMapping).toMatchObject({
      BatchSize: jobWorker.trigger.batchSize,
      MaximumBatchingWindowInSeconds: jobWorker.trigger.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('the outbox publisher', () => {
  it('reads the table stream from the oldest record, in batches from the catalog', () => {
    expect(streamMapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: outboxPublisher.trigger.batchSize,
      MaximumBatchingWindowInSeconds: outboxPublisher.trigger.maxBatchingWindowSeconds,
      MaximumRetryAttempts: outboxPublisher.trigger.retryAttempts,
    });
  });

  it('reports failed records one by one and splits a failing batch', () => {
    expect(streamMapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true });
  });

  it('records batches it gives up on in a queue', () => {
    const destination = streamMapping.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(resources[destination].Type).toBe('AWS::SQS::Queue');
  });

  it(`is woken only by inserted ${OUTBOX_ENTITY} items`, () => {
    const patterns = streamMapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: [OUTBOX_ENTITY] } } } }]);
  });
});

describe('the event bus', () => {
  const [[busId] = []] = resourcesOfType(template, 'AWS::Events::EventBus');

  it('archives Ownstack domain events for replay, for a limited time', () => {
    const [[, archive] = []] = resourcesOfType(template, 'AWS::Events::Archive');
    expect(archive.Properties).toMatchObject({
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { source: [EVENT_SOURCE] },
      RetentionDays: 30,
    });
  });

  it.each(busRules.map((rule) => [rule.id, rule]))('has rule %s, delivering to the job queue with a DLQ', (_id, rule) => {
    const match = resourcesOfType(template, 'AWS::Events::Rule').find(([, r]) => r.Properties.Description === rule.description);
    const properties = match?.[1].Properties;
    expect(properties.EventBusName).toEqual({ Ref: busId });
    expect(properties.EventPattern).toEqual(rule.pattern);
    const [target] = properties.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [jobQueueId, 'Arn'] });
    expect(resources[target.DeadLetterConfig.Arn['Fn::GetAtt'][0]].Type).toBe('AWS::SQS::Queue');
  });
});
