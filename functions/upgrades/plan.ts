/**
 * The pipeline's first decision: given what runs, what the channel offers, the
 * AutoUpdate mode and the maintenance window, does this execution upgrade now? Pure: the
 * step handler reads the manifest and the clock and passes them in.
 *
 * Modes: `off` never upgrades on a schedule and does not check; `notify` checks and shows
 * "update available", and upgrades only when the operator starts the pipeline; `auto`
 * also lets the schedule start it, which then upgrades only inside the window. An
 * operator's own start ignores the window: they chose the moment.
 */
import type { ReleaseManifest } from './manifest.js';
import { upgradePath } from './version.js';
import { isWithinWindow, type MaintenanceWindow, nextWindowStart } from './window.js';

export const AUTO_UPDATE_MODES = ['off', 'notify', 'auto'] as const;
export type AutoUpdateMode = (typeof AUTO_UPDATE_MODES)[number];

/** Who started the execution: the hourly schedule rule, or an operator (console or CLI). */
export type Trigger = 'schedule' | 'operator';

export type UpgradePlan = { action: 'upgrade'; from: string; to: string; templateUrl: string; checksum: string } | { action: 'skip'; reason: string };

export interface PlanInput {
  deployedVersion: string;
  manifest: ReleaseManifest;
  mode: AutoUpdateMode;
  window: MaintenanceWindow;
  trigger: Trigger;
  now: Date;
}

export function planUpgrade(input: PlanInput): UpgradePlan {
  const path = upgradePath(input.deployedVersion, input.manifest);
  switch (path.kind) {
    case 'up-to-date':
      return { action: 'skip', reason: `${input.deployedVersion} is the latest ${input.manifest.channel} version.` };
    case 'downgrade-refused':
      return { action: 'skip', reason: `The ${input.manifest.channel} manifest offers ${path.to}, older than ${path.from}: upgrades never go back.` };
    case 'below-minimum':
      return {
        action: 'skip',
        reason: `${path.to} needs at least ${path.minimum} to upgrade directly; ${path.from} must first take an intermediate release (start the pipeline with its templateUrl).`,
      };
    case 'unknown-version':
      return { action: 'skip', reason: `"${path.version}" is not a semantic version.` };
  }
  if (input.trigger === 'schedule') {
    if (input.mode !== 'auto') return { action: 'skip', reason: `AutoUpdate is ${input.mode}: ${path.to} waits for an operator to start the upgrade.` };
    if (!isWithinWindow(input.window, input.now)) {
      return {
        action: 'skip',
        reason: `Outside the maintenance window: ${path.to} will be applied from ${nextWindowStart(input.window, input.now).toISOString()}.`,
      };
    }
  }
  return { action: 'upgrade', from: path.from, to: path.to, templateUrl: input.manifest.templateUrl, checksum: input.manifest.checksum };
}
