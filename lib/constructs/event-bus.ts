/**
 * The custom EventBridge bus for domain events, its archive (replay after a consumer bug),
 * and the rules from `busRules` that feed our own queues. Customers attach their own
 * rules and targets beside ours: the bus is theirs. Events EventBridge cannot deliver
 * wait in a DLQ instead of being dropped after the retry window.
 */
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import { EventBus, type EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface BusRuleDeclaration {
  readonly id: string;
  readonly description: string;
  readonly pattern: object;
  readonly target: string;
}

export interface DomainEventBusProps {
  /** Rules that route events to our own queues (the catalog's `busRules`). */
  readonly rules: readonly BusRuleDeclaration[];
  /** The queues rules may target, by the name a rule's `target` uses. */
  readonly targets: Readonly<Record<string, IQueue>>;
  /** Which events the archive keeps, e.g. `{ source: ['ownstack'] }`. */
  readonly archivePattern: EventPattern;
  /** How long archived events can be replayed. Archives bill per GB only. @default 30 days */
  readonly archiveRetention?: Duration;
}

export class DomainEventBus extends Construct {
  readonly bus: EventBus;
  /** Events that rules could not deliver to their target after EventBridge's retries. */
  readonly deliveryFailures: Queue;

  constructor(scope: Construct, id: string, props: DomainEventBusProps) {
    super(scope, id);
    // Named after the stack (unique per region, like bus names): customers find it by name.
    this.bus = new EventBus(this, 'Bus', { eventBusName: `${Aws.STACK_NAME}-events`, description: 'Ownstack domain events' });
    this.bus.archive('Archive', {
      description: 'Ownstack domain events, for replay',
      eventPattern: props.archivePattern,
      retention: props.archiveRetention ?? Duration.days(30),
    });

    this.deliveryFailures = new Queue(this, 'DeliveryFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deliveryFailures).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter target of the bus rules (EventBridge DeadLetterConfig), not a work queue.' },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: 'This queue is itself a dead-letter queue for undeliverable bus events; nothing consumes it automatically.',
      },
    );

    for (const declaration of props.rules) {
      const queue = props.targets[declaration.target];
      if (!queue) {
        throw new Error(
          `Bus rule ${declaration.id} targets "${declaration.target}", which is not one of the queues (${Object.keys(props.targets).join(', ')}).`,
        );
      }
      new Rule(this, declaration.id, {
        eventBus: this.bus,
        description: declaration.description,
        // The catalog's pattern is a readonly literal; CDK wants its own mutable shape.
        eventPattern: structuredClone(declaration.pattern) as EventPattern,
        targets: [new SqsQueue(queue, { deadLetterQueue: this.deliveryFailures, maxEventAge: Duration.hours(24), retryAttempts: 185 })],
      });
    }
  }
}
