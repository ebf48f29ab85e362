/**
 * The outbox relay: the table's stream feeds the publisher function, filtered to newly
 * inserted outbox items, so no other write wakes it. A batch that keeps failing is split
 * to isolate the bad record, and what is still failing after the retries is recorded in
 * a queue (the stream keeps records for 24 hours only) rather than lost.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OutboxRelayProps {
  /** The table whose stream carries the outbox items. */
  readonly table: ITableV2;
  /** The function that publishes outbox items to the bus. */
  readonly publisher: IFunction;
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  /** Retries of a failing batch before it goes to the failure queue. */
  readonly retryAttempts: number;
  /** Only stream records of this kind and entity reach the publisher. */
  readonly filter: { readonly eventName: 'INSERT'; readonly entity: string };
}

export class OutboxRelay extends Construct {
  /** Records (shard and sequence ranges) the publisher gave up on, for inspection and replay. */
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: "This queue is the outbox stream's on-failure destination, which is a dead-letter queue itself." },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: 'This queue is itself a dead-letter destination for failed stream batches; nothing consumes it automatically.',
      },
    );

    props.publisher.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize,
        maxBatchingWindow: props.maxBatchingWindow,
        retryAttempts: props.retryAttempts,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual(props.filter.eventName),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(props.filter.entity) } } },
          }),
        ],
      }),
    );
  }
}
