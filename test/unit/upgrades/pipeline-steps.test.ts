/**
 * The pipeline's steps against a mocked CloudFormation SDK (aws-sdk-client-mock): the
 * change set keeps every parameter, carries the rollback triggers, and is executed by
 * name; statuses become decisions; the approval step stores its task token; the record
 * step writes the deployed version. The manifest comes from a real file.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateSummaryCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../functions/events/domain.js';
import { cloudFormationDeployment } from '../../../functions/upgrades/cloudformation.js';
import type { UpdateState } from '../../../functions/upgrades/domain.js';
import { manifestSource } from '../../../functions/upgrades/manifest.js';
import { type PipelineDeps, runStep, type Upgrade } from '../../../functions/upgrades/pipeline.js';
import type { UpdateStore } from '../../../functions/upgrades/store.js';
import { parseWindow } from '../../../functions/upgrades/window.js';
import { fixedClock, sequentialIds } from '../builders.js';
import { aManifest } from './fixtures.js';

const cfn = mockClient(CloudFormationClient);
const dir = mkdtempSync(join(tmpdir(), 'ownstack-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The store port, in memory: what the steps wrote, and the events they wrote with it. */
function recordingStore(): UpdateStore & { state: UpdateState; events: DomainEvent[] } {
  const store = {
    state: {} as UpdateState,
    events: [] as DomainEvent[],
    async get() {
      return store.state;
    },
    async recordCheck({ channel, latest, ...check }: Parameters<UpdateStore['recordCheck']>[0], event: DomainEvent) {
      store.state = { ...store.state, channel, lastCheck: check, ...(latest ? { latest } : {}) };
      store.events.push(event);
    },
    async awaitApproval(pending: UpdateState['pending'], event: DomainEvent) {
      store.state = { ...store.state, pending };
      store.events.push(event);
    },
    async decide() {},
    async recordUpgrade(upgrade: NonNullable<UpdateState['lastUpgrade']>, event: DomainEvent) {
      store.state = {
        ...store.state,
        lastUpgrade: upgrade,
        pending: undefined,
        ...(upgrade.outcome === 'succeeded' ? { deployed: { version: upgrade.toVersion, at: upgrade.at } } : {}),
      };
      store.events.push(event);
    },
  };
  return store;
}

function depsWith(over: Partial<PipelineDeps> = {}): PipelineDeps & { store: ReturnType<typeof recordingStore> } {
  const file = join(dir, 'stable.json');
  writeFileSync(file, JSON.stringify(aManifest()));
  return {
    stackName: 'Ownstack',
    appUrl: 'https://d111.cloudfront.net',
    deployedVersion: '1.2.0',
    channel: 'stable',
    mode: 'auto',
    window: parseWindow('Sun:02:00-04:00'),
    alarmArns: [],
    manifest: manifestSource(pathToFileURL(file).href),
    deployment: cloudFormationDeployment(new CloudFormationClient({ region: 'eu-west-1' })),
    clock: fixedClock('2026-11-22T02:30:00.000Z'),
    ids: sequentialIds('EV'),
    health: async () => ({ status: 200, body: { status: 'ok', version: '1.3.0' } }),
    ...over,
    store: recordingStore(),
  };
}

const upgrade: Upgrade = { from: '1.2.0', to: '1.3.0', templateUrl: aManifest().templateUrl, changeSetName: 'ownstack-upgrade-1-3-0-x' };

beforeEach(() => cfn.reset());

describe('plan', () => {
  it('reads the manifest, records the check, and upgrades when the schedule is in the window', async () => {
    const deps = depsWith();
    const out = await runStep({ step: 'plan', execution: { trigger: 'schedule' } }, deps);
    expect(out).toMatchObject({ action: 'upgrade', upgrade: { from: '1.2.0', to: '1.3.0', templateUrl: aManifest().templateUrl } });
    expect(deps.store.state.latest?.version).toBe('1.3.0');
    expect(deps.store.events.map((e) => e.type)).toEqual(['installation.update.checked']);
  });

  it('skips, recording why, when the manifest cannot be read', async () => {
    const deps = depsWith({ manifest: manifestSource(pathToFileURL(join(dir, 'missing.json')).href) });
    const out = await runStep({ step: 'plan', execution: {} }, deps);
    expect(out).toMatchObject({ action: 'skip', reason: expect.stringContaining('Could not read the manifest') });
    expect(deps.store.state.lastCheck).toMatchObject({ ok: false });
  });

  it('refuses a manifest of another channel', async () => {
    const file = join(dir, 'beta.json');
    writeFileSync(file, JSON.stringify(aManifest({ channel: 'beta', version: '9.0.0' })));
    const deps = depsWith({ manifest: manifestSource(pathToFileURL(file).href) });
    expect(await runStep({ step: 'plan' }, deps)).toMatchObject({ action: 'skip', reason: expect.stringContaining('beta') });
  });
});

describe('create-change-set', () => {
  it('asks CloudFormation for an UPDATE change set that keeps every parameter and rolls back on the alarms', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Ownstack',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Parameters: [
            { ParameterKey: 'InitialOwnerEmail', ParameterValue: 'o@example.com' },
            { ParameterKey: 'MfaPolicy', ParameterValue: 'REQUIRED' },
          ],
        },
      ],
    });
    cfn.on(GetTemplateSummaryCommand).resolves({
      Parameters: [
        { ParameterKey: 'InitialOwnerEmail' },
        { ParameterKey: 'MfaPolicy', DefaultValue: 'OPTIONAL' },
        { ParameterKey: 'NewOne', DefaultValue: 'x' },
      ],
      Capabilities: ['CAPABILITY_IAM'],
    });
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'arn:cs' });
    const alarm = 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:ApiErrors';
    const deps = depsWith({ alarmArns: [alarm] });
    const { changeSetName: _, ...planned } = upgrade;
    const out = await runStep({ step: 'create-change-set', upgrade: planned, attempt: '2026-11-22T02:30:00.000Z' }, deps);

    expect(cfn.commandCalls(GetTemplateSummaryCommand)[0]?.args[0].input).toEqual({ TemplateURL: upgrade.templateUrl });
    const input = cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      StackName: 'Ownstack',
      ChangeSetType: 'UPDATE',
      TemplateURL: upgrade.templateUrl,
      Parameters: [
        { ParameterKey: 'InitialOwnerEmail', UsePreviousValue: true },
        { ParameterKey: 'MfaPolicy', UsePreviousValue: true },
      ],
      Capabilities: ['CAPABILITY_IAM'],
      RollbackConfiguration: { RollbackTriggers: [{ Arn: alarm, Type: 'AWS::CloudWatch::Alarm' }] },
    });
    // No value passes through the pipeline: not even the ones DescribeStacks returned.
    expect(JSON.stringify(input)).not.toContain('o@example.com');
    expect(out).toEqual({ upgrade: { ...planned, changeSetName: input?.ChangeSetName } });
  });
});

describe('statuses, execution and clean-up', () => {
  it('reads the change set and the stack, and executes the change set by name', async () => {
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'Ownstack', CreationTime: new Date(), StackStatus: 'UPDATE_ROLLBACK_COMPLETE', StackStatusReason: 'Alarm ApiErrors in ALARM' }],
    });
    const deps = depsWith();
    expect(await runStep({ step: 'change-set-status', upgrade }, deps)).toEqual({ readiness: 'ready', reason: '' });
    await runStep({ step: 'execute', upgrade }, deps);
    expect(cfn.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toEqual({
      StackName: 'Ownstack',
      ChangeSetName: upgrade.changeSetName,
      DisableRollback: false,
    });
    expect(await runStep({ step: 'deployment-status', upgrade }, deps)).toEqual({
      outcome: 'rolled-back',
      reason: 'UPDATE_ROLLBACK_COMPLETE: Alarm ApiErrors in ALARM',
    });
  });

  it('deletes an empty change set', async () => {
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes." });
    cfn.on(DeleteChangeSetCommand).resolves({});
    const deps = depsWith();
    expect(await runStep({ step: 'change-set-status', upgrade }, deps)).toMatchObject({ readiness: 'empty' });
    await runStep({ step: 'discard-change-set', upgrade }, deps);
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('fails loudly when CloudFormation refuses a call', async () => {
    cfn.on(ExecuteChangeSetCommand).rejects(Object.assign(new Error('ChangeSet is in an invalid state'), { name: 'InvalidChangeSetStatusException' }));
    await expect(runStep({ step: 'execute', upgrade }, depsWith())).rejects.toThrow(/invalid state/);
  });
});

describe('approval, smoke test and record', () => {
  it('stores the task token with the upgrade it waits on, and an event', async () => {
    const deps = depsWith();
    await runStep({ step: 'await-approval', upgrade, taskToken: 'TOKEN-1' }, deps);
    expect(deps.store.state.pending).toEqual({
      fromVersion: '1.2.0',
      toVersion: '1.3.0',
      changeSetName: upgrade.changeSetName,
      requestedAt: '2026-11-22T02:30:00.000Z',
      taskToken: 'TOKEN-1',
    });
    expect(deps.store.events[0]).toMatchObject({ type: 'installation.upgrade.awaiting-approval', data: { fromVersion: '1.2.0', toVersion: '1.3.0' } });
  });

  it('smoke-tests the health route of the installation for the new version', async () => {
    const asked: string[] = [];
    const deps = depsWith({
      health: async (url) => {
        asked.push(url);
        return { status: 200, body: { version: '1.2.0' } };
      },
    });
    expect(await runStep({ step: 'smoke-test', upgrade }, deps)).toMatchObject({ ok: false });
    expect(asked).toEqual(['https://d111.cloudfront.net/api/health']);
  });

  it('records the deployed version only when the upgrade succeeded', async () => {
    const deps = depsWith();
    await runStep({ step: 'record', upgrade, outcome: 'rolled-back', detail: 'alarm' }, deps);
    expect(deps.store.state.deployed).toBeUndefined();
    await runStep({ step: 'record', upgrade, outcome: 'succeeded', detail: 'GET /api/health answers 1.3.0' }, deps);
    expect(deps.store.state.deployed).toEqual({ version: '1.3.0', at: '2026-11-22T02:30:00.000Z' });
    expect(deps.store.events.map((e) => e.data)).toEqual([
      { fromVersion: '1.2.0', toVersion: '1.3.0', outcome: 'rolled-back', detail: 'alarm' },
      { fromVersion: '1.2.0', toVersion: '1.3.0', outcome: 'succeeded', detail: 'GET /api/health answers 1.3.0' },
    ]);
  });
});
