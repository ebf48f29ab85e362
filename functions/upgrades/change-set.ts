/**
 * The change set an upgrade creates: this stack, the release's template URL, every
 * parameter the stack has and the new template still declares kept as it is
 * (UsePreviousValue, so no value, secret or not, passes through the pipeline), parameters
 * new in the release left to their defaults, and the installation's alarms as rollback
 * triggers when alarms are on. Pure: the adapter supplies what DescribeStacks and
 * GetTemplateSummary said.
 */
import type { Capability, CreateChangeSetCommandInput } from '@aws-sdk/client-cloudformation';

/** What an Ownstack template may need: IAM roles (no fixed names) and nothing else. */
const ALLOWED_CAPABILITIES: readonly Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

/** Minutes CloudFormation watches the alarms after the last resource is updated (max 180). */
export const ROLLBACK_MONITORING_MINUTES = 10;

export interface ChangeSetPlan {
  stackName: string;
  templateUrl: string;
  targetVersion: string;
  /** The parameter keys the stack has now (DescribeStacks). */
  currentParameters: readonly string[];
  /** The parameter keys the new template declares, with whether each has a default (GetTemplateSummary). */
  templateParameters: readonly { key: string; hasDefault: boolean }[];
  /** Capabilities the new template asks for (GetTemplateSummary). */
  requiredCapabilities: readonly string[];
  /** Alarms that roll the update back while they are in ALARM; empty when alarms are off. */
  rollbackAlarmArns: readonly string[];
  /** Makes the change set name unique per attempt, e.g. the execution's start time. */
  attempt: string;
}

export class ChangeSetRefused extends Error {}

export function changeSetName(targetVersion: string, attempt: string): string {
  // [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters.
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `ownstack-upgrade-${safe(targetVersion)}-${safe(attempt)}`.slice(0, 128);
}

export function changeSetRequest(plan: ChangeSetPlan): CreateChangeSetCommandInput {
  const current = new Set(plan.currentParameters);
  // A new parameter with no default would need a value only the operator can give: refuse, do not guess.
  const unanswerable = plan.templateParameters.filter((p) => !current.has(p.key) && !p.hasDefault).map((p) => p.key);
  if (unanswerable.length > 0) {
    throw new ChangeSetRefused(
      `Version ${plan.targetVersion} adds parameters with no default (${unanswerable.join(', ')}): update the stack in the console and give them values.`,
    );
  }
  const unexpected = plan.requiredCapabilities.filter((c) => !ALLOWED_CAPABILITIES.includes(c as Capability));
  if (unexpected.length > 0)
    throw new ChangeSetRefused(`Version ${plan.targetVersion} asks for capabilities the pipeline does not grant: ${unexpected.join(', ')}.`);
  return {
    StackName: plan.stackName,
    ChangeSetName: changeSetName(plan.targetVersion, plan.attempt),
    ChangeSetType: 'UPDATE',
    TemplateURL: plan.templateUrl,
    Description: `Ownstack upgrade to ${plan.targetVersion}`.slice(0, 1024),
    // Parameters the release dropped are left out: CloudFormation refuses keys the template does not declare.
    Parameters: plan.templateParameters.filter((p) => current.has(p.key)).map((p) => ({ ParameterKey: p.key, UsePreviousValue: true })),
    Capabilities: plan.requiredCapabilities as Capability[],
    ...(plan.rollbackAlarmArns.length > 0
      ? {
          RollbackConfiguration: {
            RollbackTriggers: plan.rollbackAlarmArns.map((Arn) => ({ Arn, Type: 'AWS::CloudWatch::Alarm' })),
            MonitoringTimeInMinutes: ROLLBACK_MONITORING_MINUTES,
          },
        }
      : {}),
    Tags: [{ Key: 'ownstack:upgrade-to', Value: plan.targetVersion }],
  };
}
