/**
 * The steps of the upgrade pipeline, one function per Step Functions task, each taking
 * and returning plain JSON. The state machine (lib/constructs/upgrade-pipeline.ts) wires
 * them: plan → create change set → wait until ready → [approval] → execute → wait until
 * done → smoke test → record. The AWS calls sit behind ports (StackDeployment,
 * ManifestSource, UpdateStore), so every step runs in unit tests against mocked SDKs.
 *
 * An upgrade replaces this very function's code half way through: steps after "execute"
 * run the new release's code with the old release's state. So a step's input only ever
 * gains optional fields, and a step is never renamed or removed in one release.
 */
import { domainEvent } from '../events/domain.js';
import type { Clock, IdSource } from '../platform/ports.js';
import { changeSetRequest } from './change-set.js';
import type { StackDeployment } from './cloudformation.js';
import { latestOf, SYSTEM_ACTOR, UPDATE_EVENTS, UPDATES_SUBJECT, type UpgradeOutcome } from './domain.js';
import type { ManifestSource, UpdateChannel } from './manifest.js';
import { changeSetReadiness, deploymentOutcome, smokeVerdict } from './outcome.js';
import { type AutoUpdateMode, planUpgrade, type Trigger } from './plan.js';
import type { UpdateStore } from './store.js';
import type { MaintenanceWindow } from './window.js';

export interface PipelineDeps {
  stackName: string;
  /** The installation's URL, for the smoke test (`<appUrl>/api/health`). */
  appUrl: string;
  deployedVersion: string;
  channel: UpdateChannel;
  mode: AutoUpdateMode;
  window: MaintenanceWindow;
  /** Rollback-trigger alarms (empty when the Alarms parameter is off). */
  alarmArns: string[];
  manifest: ManifestSource;
  deployment: StackDeployment;
  store: UpdateStore;
  clock: Clock;
  ids: IdSource;
  /** GET of the health route; resolves with the status and parsed body, or an error. */
  health(url: string): Promise<{ status: number; body: unknown } | { error: string }>;
}

export interface Upgrade {
  from: string;
  to: string;
  templateUrl: string;
  changeSetName?: string;
}

export type StepInput =
  /** `execution` is the execution's input: `{ trigger: 'schedule' }` from the schedule rule, anything else from an operator. */
  | { step: 'plan'; execution?: { trigger?: string } }
  | { step: 'create-change-set'; upgrade: Upgrade; attempt: string }
  | { step: 'change-set-status'; upgrade: Upgrade }
  | { step: 'discard-change-set'; upgrade: Upgrade }
  | { step: 'await-approval'; upgrade: Upgrade; taskToken: string }
  | { step: 'execute'; upgrade: Upgrade }
  | { step: 'deployment-status'; upgrade: Upgrade }
  | { step: 'smoke-test'; upgrade: Upgrade }
  | { step: 'record'; upgrade: Upgrade; outcome: UpgradeOutcome; detail?: string };

export async function runStep(input: StepInput, deps: PipelineDeps): Promise<Record<string, unknown>> {
  switch (input.step) {
    case 'plan':
      return plan(input.execution?.trigger === 'schedule' ? 'schedule' : 'operator', deps);
    case 'create-change-set': {
      const { upgrade } = input;
      const [currentParameters, summary] = await Promise.all([
        deps.deployment.parameterKeys(deps.stackName),
        deps.deployment.templateSummary(upgrade.templateUrl),
      ]);
      const request = changeSetRequest({
        stackName: deps.stackName,
        templateUrl: upgrade.templateUrl,
        targetVersion: upgrade.to,
        currentParameters,
        templateParameters: summary.parameters,
        requiredCapabilities: summary.capabilities,
        rollbackAlarmArns: deps.alarmArns,
        attempt: input.attempt,
      });
      await deps.deployment.createChangeSet(request);
      return { upgrade: { ...upgrade, changeSetName: request.ChangeSetName } };
    }
    case 'change-set-status': {
      const { status, reason } = await deps.deployment.changeSetStatus(deps.stackName, nameOf(input.upgrade));
      return { readiness: changeSetReadiness(status, reason), reason: reason ?? '' };
    }
    case 'discard-change-set':
      await deps.deployment.deleteChangeSet(deps.stackName, nameOf(input.upgrade));
      return {};
    case 'await-approval': {
      const { upgrade } = input;
      const event = domainEvent(
        { type: UPDATE_EVENTS.awaitingApproval, actor: SYSTEM_ACTOR, subject: UPDATES_SUBJECT, data: { fromVersion: upgrade.from, toVersion: upgrade.to } },
        deps,
      );
      await deps.store.awaitApproval(
        {
          fromVersion: upgrade.from,
          toVersion: upgrade.to,
          changeSetName: nameOf(upgrade),
          requestedAt: deps.clock.now().toISOString(),
          taskToken: input.taskToken,
        },
        event,
      );
      return {};
    }
    case 'execute':
      await deps.deployment.executeChangeSet(deps.stackName, nameOf(input.upgrade));
      return {};
    case 'deployment-status': {
      const { status, reason } = await deps.deployment.stackStatus(deps.stackName);
      return { outcome: deploymentOutcome(status), reason: `${status ?? 'unknown'}${reason ? `: ${reason}` : ''}` };
    }
    case 'smoke-test':
      return smokeVerdict(await deps.health(`${deps.appUrl.replace(/\/$/, '')}/api/health`), input.upgrade.to);
    case 'record': {
      const { upgrade, outcome } = input;
      const at = deps.clock.now().toISOString();
      const detail = (input.detail ?? '').slice(0, 1000);
      const event = domainEvent(
        {
          type: UPDATE_EVENTS.finished,
          actor: SYSTEM_ACTOR,
          subject: UPDATES_SUBJECT,
          data: { fromVersion: upgrade.from, toVersion: upgrade.to, outcome, detail },
        },
        deps,
      );
      await deps.store.recordUpgrade({ fromVersion: upgrade.from, toVersion: upgrade.to, outcome, detail, at }, event);
      return { outcome };
    }
  }
}

const nameOf = (upgrade: Upgrade) => {
  if (!upgrade.changeSetName) throw new Error('The upgrade has no change set yet: the state machine skipped "create-change-set".');
  return upgrade.changeSetName;
};

/** Reads the manifest, records the check (as the scheduled job does), and decides. */
async function plan(trigger: Trigger, deps: PipelineDeps): Promise<Record<string, unknown>> {
  const read = await checkManifest(deps);
  if (!read.ok) return { action: 'skip', reason: read.error };
  const decision = planUpgrade({
    deployedVersion: deps.deployedVersion,
    manifest: read.manifest,
    mode: deps.mode,
    window: deps.window,
    trigger,
    now: deps.clock.now(),
  });
  if (decision.action === 'skip') return decision;
  // The attempt names the change set: one per execution, so a retried upgrade never collides with an old one.
  return { action: 'upgrade', upgrade: { from: decision.from, to: decision.to, templateUrl: decision.templateUrl }, attempt: deps.clock.now().toISOString() };
}

export interface CheckDeps {
  channel: UpdateChannel;
  manifest: ManifestSource;
  store: UpdateStore;
  clock: Clock;
  ids: IdSource;
}

/** Reads the channel's manifest and records what it found, or why it could not: never throws for a bad manifest. */
export async function checkManifest(deps: CheckDeps) {
  const read = await deps.manifest.read();
  const at = deps.clock.now().toISOString();
  // A manifest for another channel is misconfiguration, not an offer.
  const result =
    read.ok && read.manifest.channel !== deps.channel
      ? { ok: false as const, error: `The manifest is for the ${read.manifest.channel} channel, not ${deps.channel}.` }
      : read;
  const event = domainEvent(
    {
      type: UPDATE_EVENTS.checked,
      actor: SYSTEM_ACTOR,
      subject: UPDATES_SUBJECT,
      data: { channel: deps.channel, ok: result.ok, ...(result.ok ? { latestVersion: result.manifest.version } : { error: result.error.slice(0, 500) }) },
    },
    deps,
  );
  await deps.store.recordCheck(
    result.ok
      ? { at, ok: true, channel: deps.channel, latest: latestOf(result.manifest) }
      : { at, ok: false, error: result.error.slice(0, 500), channel: deps.channel },
    event,
  );
  return result;
}
