/** The pipeline's decisions: whether to upgrade now, the change set it asks for, and what CloudFormation's statuses mean. */
import { describe, expect, it } from 'vitest';
import { ChangeSetRefused, changeSetRequest, ROLLBACK_MONITORING_MINUTES } from '../../../functions/upgrades/change-set.js';
import { changeSetReadiness, deploymentOutcome, smokeVerdict } from '../../../functions/upgrades/outcome.js';
import { planUpgrade } from '../../../functions/upgrades/plan.js';
import { parseWindow } from '../../../functions/upgrades/window.js';
import { aManifest } from './fixtures.js';

describe('planUpgrade', () => {
  const window = parseWindow('Sun:02:00-04:00');
  const inWindow = new Date('2026-11-22T02:30:00Z');
  const outside = new Date('2026-11-24T10:00:00Z');
  const base = { deployedVersion: '1.2.0', manifest: aManifest(), window, now: inWindow };

  it('upgrades on the schedule only in auto mode and inside the window', () => {
    expect(planUpgrade({ ...base, mode: 'auto', trigger: 'schedule' })).toMatchObject({ action: 'upgrade', from: '1.2.0', to: '1.3.0' });
    expect(planUpgrade({ ...base, mode: 'auto', trigger: 'schedule', now: outside })).toEqual({
      action: 'skip',
      reason: expect.stringContaining('2026-11-29T02:00:00.000Z'),
    });
    expect(planUpgrade({ ...base, mode: 'notify', trigger: 'schedule' })).toMatchObject({ action: 'skip', reason: expect.stringContaining('notify') });
    expect(planUpgrade({ ...base, mode: 'off', trigger: 'schedule' })).toMatchObject({ action: 'skip' });
  });

  it('lets an operator upgrade at any time, whatever the mode', () => {
    expect(planUpgrade({ ...base, mode: 'notify', trigger: 'operator', now: outside })).toMatchObject({
      action: 'upgrade',
      templateUrl: aManifest().templateUrl,
    });
  });

  it('never downgrades and never skips past the minimum, even for an operator', () => {
    expect(planUpgrade({ ...base, deployedVersion: '1.4.0', mode: 'auto', trigger: 'operator' })).toMatchObject({
      action: 'skip',
      reason: expect.stringContaining('never go back'),
    });
    expect(planUpgrade({ ...base, deployedVersion: '0.9.0', mode: 'auto', trigger: 'operator' })).toMatchObject({
      action: 'skip',
      reason: expect.stringContaining('1.0.0'),
    });
    expect(planUpgrade({ ...base, deployedVersion: '1.3.0', mode: 'auto', trigger: 'operator' })).toMatchObject({ action: 'skip' });
  });
});

describe('changeSetRequest', () => {
  const plan = {
    stackName: 'Ownstack',
    templateUrl: aManifest().templateUrl,
    targetVersion: '1.3.0',
    currentParameters: ['InitialOwnerEmail', 'MfaPolicy', 'OidcClientSecret', 'RetiredParameter'],
    templateParameters: [
      { key: 'InitialOwnerEmail', hasDefault: false },
      { key: 'MfaPolicy', hasDefault: true },
      { key: 'OidcClientSecret', hasDefault: true },
      { key: 'NewKnob', hasDefault: true },
    ],
    requiredCapabilities: ['CAPABILITY_IAM'],
    rollbackAlarmArns: [],
    attempt: '2026-11-22T02:30:00.000Z',
  };

  it('keeps every current parameter the template still has, lets new ones default, drops removed ones', () => {
    const request = changeSetRequest(plan);
    expect(request).toMatchObject({ StackName: 'Ownstack', ChangeSetType: 'UPDATE', TemplateURL: plan.templateUrl, Capabilities: ['CAPABILITY_IAM'] });
    expect(request.Parameters).toEqual([
      { ParameterKey: 'InitialOwnerEmail', UsePreviousValue: true },
      { ParameterKey: 'MfaPolicy', UsePreviousValue: true },
      { ParameterKey: 'OidcClientSecret', UsePreviousValue: true },
    ]);
    expect(request.ChangeSetName).toMatch(/^ownstack-upgrade-1-3-0-2026-11-22T02-30-00-000Z$/);
    expect(request.RollbackConfiguration).toBeUndefined();
  });

  it('uses the alarms as rollback triggers when there are any', () => {
    const arns = ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:ApiErrors'];
    expect(changeSetRequest({ ...plan, rollbackAlarmArns: arns }).RollbackConfiguration).toEqual({
      RollbackTriggers: [{ Arn: arns[0], Type: 'AWS::CloudWatch::Alarm' }],
      MonitoringTimeInMinutes: ROLLBACK_MONITORING_MINUTES,
    });
  });

  it('refuses a release with a new parameter that has no default, and capabilities it does not grant', () => {
    expect(() => changeSetRequest({ ...plan, templateParameters: [...plan.templateParameters, { key: 'LicenseKey', hasDefault: false }] })).toThrow(
      ChangeSetRefused,
    );
    expect(() => changeSetRequest({ ...plan, requiredCapabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'] })).toThrow(/CAPABILITY_RESOURCE_POLICY/);
  });
});

describe('what the statuses mean', () => {
  it.each([
    ['CREATE_PENDING', '', 'pending'],
    ['CREATE_IN_PROGRESS', '', 'pending'],
    ['CREATE_COMPLETE', '', 'ready'],
    ['FAILED', "The submitted information didn't contain changes. Submit different information to create a change set.", 'empty'],
    ['FAILED', 'Template format error', 'failed'],
  ])('change set %s (%s) is %s', (status, reason, readiness) => {
    expect(changeSetReadiness(status, reason)).toBe(readiness);
  });

  it.each([
    ['UPDATE_COMPLETE', 'succeeded'],
    ['UPDATE_IN_PROGRESS', 'in-progress'],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'in-progress'],
    ['UPDATE_ROLLBACK_IN_PROGRESS', 'in-progress'],
    ['UPDATE_ROLLBACK_COMPLETE', 'rolled-back'],
    ['UPDATE_ROLLBACK_FAILED', 'failed'],
    [undefined, 'failed'],
  ])('stack %s is %s', (status, outcome) => {
    expect(deploymentOutcome(status)).toBe(outcome);
  });

  it('passes the smoke test only when health answers the new version', () => {
    expect(smokeVerdict({ status: 200, body: { status: 'ok', version: '1.3.0' } }, '1.3.0').ok).toBe(true);
    expect(smokeVerdict({ status: 200, body: { status: 'ok', version: '1.2.0' } }, '1.3.0')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('1.2.0'),
    });
    expect(smokeVerdict({ status: 502, body: undefined }, '1.3.0').ok).toBe(false);
    expect(smokeVerdict({ error: 'timeout' }, '1.3.0').ok).toBe(false);
  });
});
