/**
 * The operator's upgrade pipeline, in the customer's account: a Step Functions standard
 * workflow (no monthly fee; a few cents per upgrade in state transitions) whose tasks are
 * one Lambda function (functions/handlers/upgrade-step.ts): plan → change set → ready? →
 * [approval] → execute → done? → smoke test → record. Started by an operator (console,
 * CLI) or, with AutoUpdate auto, by an hourly schedule rule; docs/upgrades.md explains
 * the choice of Step Functions over CodePipeline and the pipeline's rights.
 */
import { ArnFormat, Aws, type CfnCondition, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type CfnRule, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  DefinitionBody,
  type IChainable,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { FunctionDeclaration } from '../../functions/catalog.js';
import type { UpgradeOutcome } from '../../functions/upgrades/domain.js';
import type { UpgradeParameters } from '../upgrade-parameters.js';
import { OwnstackFunction } from './lambda-function.js';
import { arnInFinding } from './nag-findings.js';

/** How long an upgrade waits for an admin's approval before it gives up. */
export const APPROVAL_TIMEOUT = Duration.days(7);

/** The pipeline's own function, declared like the catalog's (it belongs to the pipeline, not the app). */
export const UPGRADE_STEP_FUNCTION: FunctionDeclaration = {
  entry: 'functions/handlers/upgrade-step.ts',
  description: 'Runs the steps of the upgrade pipeline: manifest, change set, approval, smoke test, record',
  memoryMb: 256,
  timeoutSeconds: 60,
  trigger: { kind: 'invoked', by: 'the upgrade pipeline state machine' },
  access: { table: 'read-write' },
};

export interface UpgradePipelineProps {
  readonly parameters: UpgradeParameters;
  /** The channel's manifest URL (resolved at deploy time). */
  readonly manifestUrl: string;
  readonly appUrl: string;
  readonly table: ITableV2;
  /** Functions whose errors, with EnableAlarms true, raise an alarm that rolls an upgrade back. */
  readonly watchedFunctions: Record<string, IFunction>;
  /** Where the schedule rule's undeliverable starts wait. */
  readonly deadLetterQueue: IQueue;
  readonly logRetentionDays: number;
  /** The data migrations function (functions/migrations), run after the stack update until done. */
  readonly migrations?: IFunction;
}

export class UpgradePipeline extends Construct {
  readonly stateMachine: StateMachine;
  readonly step: OwnstackFunction;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: UpgradePipelineProps) {
    super(scope, id);
    const { parameters } = props;

    this.alarms = Object.entries(props.watchedFunctions).map(([name, fn]) => {
      const alarm = new Alarm(this, `${name}Errors`, {
        alarmDescription: `Ownstack ${name} function errors; a rollback trigger of upgrades`,
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 5,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      onlyIf(alarm, parameters.alarmsEnabled);
      return alarm;
    });

    this.step = new OwnstackFunction(this, 'Step', {
      declaration: UPGRADE_STEP_FUNCTION,
      serviceName: 'upgrade-pipeline',
      logRetentionDays: props.logRetentionDays,
    });
    this.step.bindTable(props.table, 'read-write');
    const fn = this.step.function;
    fn.addEnvironment('STACK_NAME', Aws.STACK_NAME);
    fn.addEnvironment('APP_URL', props.appUrl);
    fn.addEnvironment('UPDATE_MANIFEST_URL', props.manifestUrl);
    fn.addEnvironment('UPDATE_CHANNEL', parameters.channel.valueAsString);
    fn.addEnvironment('AUTO_UPDATE', parameters.autoUpdate.valueAsString);
    fn.addEnvironment('MAINTENANCE_WINDOW', parameters.maintenanceWindow.valueAsString);
    fn.addEnvironment(
      'ROLLBACK_ALARM_ARNS',
      Fn.conditionIf(
        parameters.alarmsEnabled.logicalId,
        Fn.join(
          ',',
          this.alarms.map((a) => a.alarmArn),
        ),
        '',
      ).toString(),
    );
    this.grantStackUpdate(fn);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      // Named after the stack (unique per installation), so the API's approval grant can name it without a reference cycle.
      stateMachineName: UpgradePipeline.stateMachineName(),
      comment: 'Ownstack upgrade: plan, change set, approval, execute, smoke test, record (docs/upgrades.md)',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(this.definition(fn, parameters.requireApproval.valueAsString, props.migrations)),
      timeout: APPROVAL_TIMEOUT.plus(Duration.days(1)),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: props.logRetentionDays as RetentionDays }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    const schedule = new Rule(this, 'Hourly', {
      description: 'AutoUpdate auto: starts the upgrade pipeline every hour; it upgrades only inside the maintenance window',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [
        new SfnStateMachine(this.stateMachine, {
          input: RuleTargetInput.fromObject({ trigger: 'schedule' }),
          deadLetterQueue: props.deadLetterQueue,
          maxEventAge: Duration.hours(1),
          retryAttempts: 3,
        }),
      ],
    });
    // Disabled, not absent, unless AutoUpdate is auto: the delivery-failure queue's policy names this rule, so it must exist.
    (schedule.node.defaultChild as CfnRule).state = Fn.conditionIf(parameters.autoUpdateOn.logicalId, 'ENABLED', 'DISABLED').toString();

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::*]',
        reason:
          'Updating this stack creates and changes every kind of resource it holds; CloudFormation acts with the caller’s rights. The statement only holds when the call comes through CloudFormation (aws:CalledVia) and the pipeline may update no other stack.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Same statement as Action::*, limited to calls made through CloudFormation; GetTemplateSummary has no resource-level permissions.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:changeSet/ownstack-upgrade-*/*]`,
        reason: 'Change sets the pipeline creates are named ownstack-upgrade-<version>-<attempt>; their ids are random.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${arnInFinding(this.step.function)}:*]`,
        reason: 'The state machine invokes the step function by version or alias as well.',
      },
      ...(props.migrations
        ? [
            {
              id: `AwsSolutions-IAM5[Resource::${arnInFinding(props.migrations)}:*]`,
              reason: 'The state machine invokes the migrations function by version or alias as well.',
            },
          ]
        : []),
    );
  }

  /** `<stack name>-upgrade`: unique per installation, and known before the state machine exists. */
  static stateMachineName(): string {
    return `${Aws.STACK_NAME}-upgrade`;
  }

  /**
   * Lets a function answer the approval step (SendTaskSuccess, SendTaskFailure). By name,
   * not by reference: the alarms watch that function and the pipeline reads the alarms.
   */
  static grantApprovalAnswer(scope: Construct, fn: IFunction) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'AnswerUpgradeApprovals',
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [
          Stack.of(scope).formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: UpgradePipeline.stateMachineName(),
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }

  /** CloudFormation on this stack only; everything else only through CloudFormation. */
  private grantStackUpdate(fn: IFunction) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'UpdateThisStackOnly',
        actions: [
          'cloudformation:DescribeStacks',
          'cloudformation:CreateChangeSet',
          'cloudformation:DescribeChangeSet',
          'cloudformation:ExecuteChangeSet',
          'cloudformation:DeleteChangeSet',
        ],
        resources: [Aws.STACK_ID, Stack.of(this).formatArn({ service: 'cloudformation', resource: 'changeSet', resourceName: 'ownstack-upgrade-*/*' })],
      }),
    );
    fn.addToRolePolicy(new PolicyStatement({ sid: 'ReadReleaseTemplates', actions: ['cloudformation:GetTemplateSummary'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ActThroughCloudFormationOnly',
        actions: ['*'],
        resources: ['*'],
        conditions: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } },
      }),
    );
  }

  private definition(fn: IFunction, requireApproval: string, migrations: IFunction | undefined) {
    const task = (id: string, payload: Record<string, unknown>, resultPath: string) =>
      new LambdaInvoke(this, id, {
        lambdaFunction: fn,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath,
        retryOnServiceExceptions: true,
      });
    const upgrade = JsonPath.objectAt('$.created.upgrade');
    /**
     * Records how the upgrade ended (table + event), then ends the execution the same way.
     * A caught error is recorded whole (`States.JsonToString`): a timeout has no Cause to point at.
     */
    const recordAndEnd = (outcome: UpgradeOutcome, detailPath: string, when: string) => {
      const caught = detailPath === '$.error';
      const detail = caught ? JsonPath.jsonToString(JsonPath.objectAt('$.error')) : JsonPath.stringAt(detailPath);
      const end =
        outcome === 'succeeded'
          ? new Succeed(this, 'Upgraded')
          : new Fail(
              this,
              `Upgrade ${outcome} (${when})`,
              caught
                ? { error: `Upgrade-${outcome}`, cause: `See the ${when} state's error in this execution.` }
                : { error: `Upgrade-${outcome}`, causePath: detailPath },
            );
      return task(`Record ${outcome} (${when})`, { step: 'record', upgrade, outcome, detail }, JsonPath.DISCARD).next(end);
    };
    const failed = recordAndEnd('failed', '$.error', 'step error');
    const guarded = (state: LambdaInvoke) => state.addCatch(failed, { resultPath: '$.error' });

    const plan = task('Plan', { step: 'plan', execution: JsonPath.objectAt('$$.Execution.Input') }, '$.plan');
    // Before a change set exists there is nothing to record against: the execution fails with the reason.
    const create = task(
      'Create change set',
      { step: 'create-change-set', upgrade: JsonPath.objectAt('$.plan.upgrade'), attempt: JsonPath.stringAt('$.plan.attempt') },
      '$.created',
    );
    create.addCatch(
      new Fail(this, 'No change set', { error: 'NoChangeSet', cause: 'Creating the change set failed: see the error of the "Create change set" state.' }),
      { resultPath: '$.error' },
    );
    const waitForChangeSet = new Wait(this, 'Wait for change set', { time: WaitTime.duration(Duration.seconds(15)) });
    const changeSetStatus = guarded(task('Change set status', { step: 'change-set-status', upgrade }, '$.changeSet'));
    const discard = guarded(task('Discard empty change set', { step: 'discard-change-set', upgrade }, JsonPath.DISCARD));
    const approval = new LambdaInvoke(this, 'Await approval', {
      lambdaFunction: fn,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ step: 'await-approval', upgrade, taskToken: JsonPath.taskToken }),
      taskTimeout: Timeout.duration(APPROVAL_TIMEOUT),
      resultPath: JsonPath.DISCARD,
    });
    // Rejected in the app or the console (SendTaskFailure), or no answer within the timeout.
    approval.addCatch(recordAndEnd('rejected', '$.error', 'approval'), { resultPath: '$.error' });
    const execute = guarded(task('Execute change set', { step: 'execute', upgrade }, JsonPath.DISCARD));
    const waitForStack = new Wait(this, 'Wait for update', { time: WaitTime.duration(Duration.seconds(60)) });
    const updateStatus = guarded(task('Update status', { step: 'deployment-status', upgrade }, '$.deployment'));
    const settle = new Wait(this, 'Let the new version settle', { time: WaitTime.duration(Duration.seconds(30)) });
    const smoke = guarded(task('Smoke test', { step: 'smoke-test', upgrade }, '$.smoke'));
    const smokeDecision = new Choice(this, 'Smoke test passed?')
      .when(Condition.booleanEquals('$.smoke.ok', true), recordAndEnd('succeeded', '$.smoke.detail', 'smoke test'))
      .otherwise(recordAndEnd('smoke-test-failed', '$.smoke.detail', 'smoke test'));
    smoke.next(smokeDecision);

    // The new release's data migrations (functions/migrations), invoked until they say done.
    let afterUpdate: IChainable = settle;
    if (migrations) {
      const migrate = guarded(
        new LambdaInvoke(this, 'Run migrations', {
          lambdaFunction: migrations,
          payload: TaskInput.fromObject({ action: 'run' }),
          payloadResponseOnly: true,
          resultPath: '$.migrations',
          retryOnServiceExceptions: true,
        }),
      );
      migrate.next(new Choice(this, 'Migrations done?').when(Condition.booleanEquals('$.migrations.done', true), settle).otherwise(migrate));
      afterUpdate = migrate;
    }
    settle.next(smoke);

    const deploy = execute
      .next(waitForStack)
      .next(updateStatus)
      .next(
        new Choice(this, 'Update done?')
          .when(Condition.stringEquals('$.deployment.outcome', 'in-progress'), waitForStack)
          .when(Condition.stringEquals('$.deployment.outcome', 'succeeded'), afterUpdate)
          .when(Condition.stringEquals('$.deployment.outcome', 'rolled-back'), recordAndEnd('rolled-back', '$.deployment.reason', 'update'))
          .otherwise(recordAndEnd('failed', '$.deployment.reason', 'update')),
      );
    const approvalNeeded = new Choice(this, 'Approval required?')
      .when(Condition.stringEquals('$.settings.requireApproval', 'true'), approval.next(deploy))
      .otherwise(deploy);

    create
      .next(waitForChangeSet)
      .next(changeSetStatus)
      .next(
        new Choice(this, 'Change set ready?')
          .when(Condition.stringEquals('$.changeSet.readiness', 'pending'), waitForChangeSet)
          .when(Condition.stringEquals('$.changeSet.readiness', 'ready'), approvalNeeded)
          .when(Condition.stringEquals('$.changeSet.readiness', 'empty'), discard.next(new Succeed(this, 'Nothing to change')))
          .otherwise(recordAndEnd('failed', '$.changeSet.reason', 'change set')),
      );
    return new Pass(this, 'Settings', { parameters: { requireApproval }, resultPath: '$.settings' })
      .next(plan)
      .next(
        new Choice(this, 'Upgrade now?')
          .when(Condition.stringEquals('$.plan.action', 'upgrade'), create)
          .otherwise(new Succeed(this, 'Nothing to do', { comment: 'Up to date, outside the window, or not allowed: $.plan.reason says which' })),
      );
  }
}

function onlyIf(construct: Construct, condition: CfnCondition) {
  const resource = construct.node.defaultChild as { cfnOptions: { condition?: CfnCondition } } | undefined;
  if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource to put a condition on.`);
  resource.cfnOptions.condition = condition;
}
