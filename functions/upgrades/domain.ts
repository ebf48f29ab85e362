/**
 * The installation's update state, one item: the channel it follows, the last manifest
 * check and what it found, the version the pipeline last deployed, and the upgrade that
 * waits for an admin's approval (with its Step Functions task token, which never leaves
 * the server). Events of this module, all about the subject `installation/updates`.
 */
import type { ReleaseManifest, UpdateChannel } from './manifest.js';

export const UPDATE_EVENTS = {
  checked: 'installation.update.checked',
  awaitingApproval: 'installation.upgrade.awaiting-approval',
  decided: 'installation.upgrade.decided',
  finished: 'installation.upgrade.finished',
} as const;

export const UPDATES_SUBJECT = { kind: 'installation', id: 'updates' } as const;
export const SYSTEM_ACTOR = { userId: 'system', via: 'system' as const };

export type LatestRelease = Pick<ReleaseManifest, 'version' | 'releaseNotes' | 'publishedAt' | 'minimumUpgradableVersion' | 'templateUrl'>;

export interface ManifestCheck {
  at: string;
  ok: boolean;
  /** Why the check failed (network, size, shape); absent when it succeeded. */
  error?: string;
}

export interface PendingApproval {
  fromVersion: string;
  toVersion: string;
  changeSetName: string;
  requestedAt: string;
  /** The pipeline's task token: only the approval route reads it, to answer Step Functions. */
  taskToken: string;
}

export type UpgradeOutcome = 'succeeded' | 'rolled-back' | 'failed' | 'rejected' | 'smoke-test-failed';

export interface LastUpgrade {
  fromVersion: string;
  toVersion: string;
  outcome: UpgradeOutcome;
  detail: string;
  at: string;
}

export interface UpdateState {
  channel?: UpdateChannel;
  lastCheck?: ManifestCheck;
  latest?: LatestRelease;
  deployed?: { version: string; at: string };
  pending?: PendingApproval;
  lastUpgrade?: LastUpgrade;
}

export const latestOf = (m: ReleaseManifest): LatestRelease => ({
  version: m.version,
  releaseNotes: m.releaseNotes,
  publishedAt: m.publishedAt,
  minimumUpgradableVersion: m.minimumUpgradableVersion,
  templateUrl: m.templateUrl,
});
