/**
 * The upgrade pipeline as synthesized: a standard state machine whose path goes plan →
 * change set → approval (task token) → execute → migrations → smoke test → record; its
 * step function may use CloudFormation on this stack only and everything else only
 * through CloudFormation; the schedule exists only with AutoUpdate auto, the alarms only
 * with EnableAlarms, and the vendor support role only when enabled, time-boxed and bound
 * to an external id.
 */
import { describe, expect, it } from 'vitest';
import { releaseSettings } from '../../lib/release/settings.js';
import { type CfnJson, resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const json = template.toJSON();

const [[machineId, machine] = []] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine');
/** The definition with its tokens folded to strings, enough to read states and their order. */
const definition = JSON.parse(
  (machine.Properties.DefinitionString['Fn::Join'][1] as CfnJson[])
    .map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'")))
    .join(''),
);
const stepFunctionEntry = Object.entries(json.Resources as Record<string, CfnJson>).find(
  ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('Runs the steps of the upgrade pipeline'),
);

describe('the upgrade state machine', () => {
  it('is a standard workflow (waits of days for approval), traced and logged', () => {
    expect(machineId).toBeDefined();
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
  });

  it('goes plan → change set → approval → execute → migrations → smoke test → record', () => {
    const states = definition.States as Record<string, CfnJson>;
    expect(definition.StartAt).toBe('Settings');
    expect(states.Settings.Next).toBe('Plan');
    expect(states['Upgrade now?'].Choices[0].Next).toBe('Create change set');
    expect(states['Change set ready?'].Choices.map((c: CfnJson) => c.Next)).toEqual(['Wait for change set', 'Approval required?', 'Discard empty change set']);
    expect(states['Approval required?'].Choices[0].Next).toBe('Await approval');
    expect(states['Await approval'].Resource).toContain('lambda:invoke.waitForTaskToken');
    expect(states['Await approval'].TimeoutSeconds).toBe(7 * 24 * 3600);
    expect(states['Await approval'].Next).toBe('Execute change set');
    expect(states['Update done?'].Choices.map((c: CfnJson) => c.Next)).toEqual(['Wait for update', 'Run migrations', 'Record rolled-back (update)']);
    expect(states['Migrations done?'].Choices[0].Next).toBe('Let the new version settle');
    expect(states['Let the new version settle'].Next).toBe('Smoke test');
    expect(states['Smoke test passed?'].Choices[0].Next).toBe('Record succeeded (smoke test)');
    expect(states['Smoke test passed?'].Default).toBe('Record smoke-test-failed (smoke test)');
  });

  it('records a failure whatever step fails after the change set exists', () => {
    const states = definition.States as Record<string, CfnJson>;
    for (const name of ['Change set status', 'Execute change set', 'Update status', 'Run migrations', 'Smoke test']) {
      expect(states[name].Catch?.[0]?.Next, name).toBe('Record failed (step error)');
    }
    expect(states['Await approval'].Catch[0].Next).toBe('Record rejected (approval)');
  });
});

describe("the step function's rights", () => {
  const [stepId] = stepFunctionEntry ?? [];
  const statements = resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties.Roles as CfnJson[]).some((r) => JSON.stringify(r).includes(String(json.Resources[stepId ?? ''].Properties.Role['Fn::GetAtt'][0]))),
    )
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as CfnJson[]);

  it('may change this stack only', () => {
    const own = statements.find((s) => s.Sid === 'UpdateThisStackOnly');
    expect(own.Action).toEqual(expect.arrayContaining(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']));
    expect(own.Resource).toContainEqual({ Ref: 'AWS::StackId' });
    expect(JSON.stringify(own.Resource)).toContain(':changeSet/ownstack-upgrade-*/*');
  });

  it('may do anything else only through CloudFormation', () => {
    const broad = statements.filter((s) => [s.Action].flat().includes('*'));
    expect(broad).toHaveLength(1);
    expect(broad[0].Condition).toEqual({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } });
  });

  it('reads the manifest of the chosen channel from the release bucket of its region', () => {
    const env = json.Resources[stepId ?? ''].Properties.Environment.Variables;
    const [url] = env.UPDATE_MANIFEST_URL['Fn::Sub'];
    expect(url).toMatch(/^https:\/\//);
    expect(url).toContain(releaseSettings.bucketNamePattern);
    expect(url).toContain(releaseSettings.manifestKey.replace('{channel}', '$' + '{Channel}'));
    expect(env.UPDATE_MANIFEST_URL['Fn::Sub'][1]).toEqual({ Channel: { Ref: 'UpdateChannel' } });
  });
});

describe('opt-ins, off by default', () => {
  it('starts the pipeline hourly only with AutoUpdate auto (the rule is disabled otherwise)', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(machineId ?? '-'));
    expect(rules).toHaveLength(1);
    const [[, rule] = []] = rules;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
    // Disabled rather than absent: the delivery-failure queue's policy names the rule, which must exist.
    expect(rule.Condition).toBeUndefined();
    expect(rule.Properties.State).toEqual({ 'Fn::If': ['AutoUpdateOn', 'ENABLED', 'DISABLED'] });
    expect(json.Conditions.AutoUpdateOn).toEqual({ 'Fn::Equals': [{ Ref: 'AutoUpdate' }, 'auto'] });
    expect(json.Parameters.AutoUpdate.Default).toBe('notify');
  });

  it('creates the rollback-trigger alarms only with EnableAlarms true', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, alarm] of alarms) expect(json.Conditions[alarm.Condition]).toEqual({ 'Fn::Equals': [{ Ref: 'EnableAlarms' }, 'true'] });
    expect(json.Parameters.EnableAlarms.Default).toBe('false');
  });

  it('creates the vendor support role only when enabled, bound to the external id, the expiry and a source identity', () => {
    const roles = resourcesOfType(template, 'AWS::IAM::Role').filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('sts:ExternalId'),
    );
    expect(roles).toHaveLength(1);
    const [[, role] = []] = roles;
    expect(json.Conditions[role.Condition]).toEqual({ 'Fn::Equals': [{ Ref: 'SupportAccess' }, 'enabled'] });
    expect(json.Parameters.SupportAccess.Default).toBe('disabled');
    const [assume, setSource] = role.Properties.AssumeRolePolicyDocument.Statement;
    const conditions = {
      StringEquals: { 'sts:ExternalId': { Ref: 'SupportExternalId' } },
      DateLessThan: { 'aws:CurrentTime': { Ref: 'SupportAccessExpiry' } },
      Null: { 'sts:SourceIdentity': 'false' },
    };
    expect(assume).toMatchObject({ Action: 'sts:AssumeRole', Condition: conditions });
    expect(setSource).toMatchObject({ Action: 'sts:SetSourceIdentity', Condition: conditions });
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('job-function/ViewOnlyAccess');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(json.Parameters.SupportExternalId.NoEcho).toBe(true);
    expect(json.Rules.SupportAccessNeedsDetails.RuleCondition).toEqual({ 'Fn::Equals': [{ Ref: 'SupportAccess' }, 'enabled'] });
  });

  it('lets the API answer approvals of this stack’s state machine only', () => {
    const answer = resourcesOfType(template, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as CfnJson[])
      .find((s) => s.Sid === 'AnswerUpgradeApprovals');
    expect([answer.Action].flat().sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
    expect(JSON.stringify(answer.Resource)).toContain(':stateMachine:');
    expect(JSON.stringify(answer.Resource)).toContain('AWS::StackName');
  });
});
