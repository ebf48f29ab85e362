/**
 * Opt-in: an email when anything lands in the billing DLQ (a Stripe event or a usage
 * forward that failed five times: a subscription or an invoice that the control plane did
 * not record). Created only when the `AlarmEmail` parameter is set, because an alarm has a
 * monthly price ($0.10, docs/control-plane-cost.md); the topic and its email are free at
 * this volume.
 */
import { Aws, CfnCondition, CfnParameter, CfnResource, Duration, Fn, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const ALARM_EMAIL_PARAMETER = 'AlarmEmail';

export interface DeadLetterAlarmProps {
  readonly deadLetterQueue: IQueue;
}

export class DeadLetterAlarm extends Construct {
  constructor(scope: Construct, id: string, props: DeadLetterAlarmProps) {
    super(scope, id);
    const email = new CfnParameter(scope, ALARM_EMAIL_PARAMETER, {
      type: 'String',
      default: '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      description: 'Optional: an email told when a Stripe event or usage forward lands in the billing DLQ. Adds one alarm ($0.10 a month). Empty: none.',
    });
    const given = new CfnCondition(this, 'EmailGiven', { expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')) });

    const topic = new Topic(this, 'Topic', { displayName: 'Ownstack control plane: billing DLQ', enforceSSL: true });
    const subscription = topic.addSubscription(new EmailSubscription(email.valueAsString));
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'An email of an alarm notice: if it cannot be delivered, the alarm stays in ALARM in CloudWatch and the messages stay in the DLQ; a queue for undelivered notices would add nothing.',
    });
    const alarm = new Alarm(this, 'Alarm', {
      alarmDescription: 'Messages wait in the billing DLQ: Stripe events or usage forwards failed five times. Inspect, fix, then redrive.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    // The topic's own policy replaces SNS's default one: CloudWatch alarms of this account may publish.
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    for (const child of this.node.findAll()) if (child instanceof CfnResource) child.cfnOptions.condition = given;
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Carries only an alarm notice (no data); a customer-managed KMS key would cost $1 a month, and alarms cannot publish to a topic under the AWS-managed SNS key.',
    });
  }
}
