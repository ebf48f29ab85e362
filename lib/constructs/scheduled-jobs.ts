/**
 * Schedule rules that put job messages on our queue (the catalog's `scheduledJobs`), e.g.
 * the daily purge of the trash. Rules cost nothing; the worker runs the job like any other
 * message, with the queue's retries and dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ScheduledJobDeclaration {
  readonly id: string;
  readonly description: string;
  readonly everyHours: number;
  readonly target: string;
  readonly message: object;
}

export interface ScheduledJobsProps {
  readonly jobs: readonly ScheduledJobDeclaration[];
  /** The queues a job may target, by the name its `target` uses. */
  readonly targets: Readonly<Record<string, IQueue>>;
  /** Where a message EventBridge cannot deliver waits instead of being dropped (the bus's delivery-failure queue). */
  readonly deadLetterQueue: IQueue;
}

export class ScheduledJobs extends Construct {
  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    for (const job of props.jobs) {
      const queue = props.targets[job.target];
      if (!queue)
        throw new Error(`Scheduled job ${job.id} targets "${job.target}", which is not one of the queues (${Object.keys(props.targets).join(', ')}).`);
      new Rule(this, job.id, {
        description: job.description,
        schedule: Schedule.rate(Duration.hours(job.everyHours)),
        targets: [
          new SqsQueue(queue, {
            message: RuleTargetInput.fromObject(job.message),
            deadLetterQueue: props.deadLetterQueue,
            // A missed run is made up by the next one: no need to retry for a whole day.
            maxEventAge: Duration.hours(1),
            retryAttempts: 20,
          }),
        ],
      });
    }
  }
}
