/**
 * An SQS queue for async jobs with its dead-letter queue, and the event source that feeds
 * a worker function from it. A message that fails `maxReceiveCount` times waits in the
 * DLQ for inspection and redrive; it is never dropped silently.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** How many function timeouts fit into the visibility timeout (AWS's advice for SQS event sources). */
export const VISIBILITY_TIMEOUTS_PER_CONSUMER_TIMEOUT = 6;

export interface JobQueueProps {
  /** The longest timeout among the functions that consume this queue. */
  readonly consumerTimeout: Duration;
  /** The longest batching window among those consumers. @default none */
  readonly consumerBatchingWindow?: Duration;
  /** Deliveries before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  /** How long failed messages wait in the DLQ. @default 14 days (the SQS maximum) */
  readonly deadLetterRetention?: Duration;
}

export interface JobConsumerOptions {
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
}

export class JobQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  private readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    // SQS-managed keys: encrypted at rest at no cost (a KMS key would cost $1 a month).
    const encryption = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...encryption,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue of its work queue; a DLQ of a DLQ would only move the problem.',
    });

    const window = props.consumerBatchingWindow?.toSeconds() ?? 0;
    this.visibilityTimeout = Duration.seconds(VISIBILITY_TIMEOUTS_PER_CONSUMER_TIMEOUT * props.consumerTimeout.toSeconds() + window);
    this.queue = new Queue(this, 'Queue', {
      ...encryption,
      visibilityTimeout: this.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }

  /** Feeds the function from the queue; it reports failed messages one by one (partial batch response). */
  addConsumer(fn: LambdaFunction, options: JobConsumerOptions): void {
    const timeout = fn.timeout?.toSeconds() ?? 3;
    if (timeout * VISIBILITY_TIMEOUTS_PER_CONSUMER_TIMEOUT > this.visibilityTimeout.toSeconds()) {
      throw new Error(
        `Function ${fn.node.path} times out after ${timeout}s, but the queue's visibility timeout is ${this.visibilityTimeout.toSeconds()}s ` +
          `(needs at least ${VISIBILITY_TIMEOUTS_PER_CONSUMER_TIMEOUT}x). Include this function's timeout in consumerTimeout.`,
      );
    }
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: options.batchSize,
        maxBatchingWindow: options.maxBatchingWindow,
        reportBatchItemFailures: true,
      }),
    );
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: "Lambda supports no on-failure destination for SQS event sources; failed messages go to the queue's redrive DLQ instead.",
    });
  }
}
