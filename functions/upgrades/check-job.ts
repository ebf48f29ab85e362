/**
 * The scheduled manifest check (`check-updates`, daily through the job queue, like the
 * trash purge): reads the channel's manifest and records what it found, so admins see
 * "update available" without the pipeline running. AutoUpdate off stops it: then the
 * installation reaches out to no one.
 */
import type { Config } from '../platform/config.js';
import type { Clock, IdSource } from '../platform/ports.js';
import { checkManifest } from './pipeline.js';
import { manifestSource } from './manifest.js';
import type { UpdateStore } from './store.js';

export const CHECK_UPDATES_JOB_TYPE = 'check-updates';

export interface CheckJobDeps {
  config: Pick<Config, 'UPDATE_MANIFEST_URL' | 'UPDATE_CHANNEL' | 'AUTO_UPDATE'>;
  updates: UpdateStore;
  clock: Clock;
  ids: IdSource;
}

export function checkUpdatesJob(deps: CheckJobDeps, log?: { info(message: string, extra: Record<string, unknown>): void }) {
  return async () => {
    const { UPDATE_MANIFEST_URL: url, UPDATE_CHANNEL: channel, AUTO_UPDATE: mode } = deps.config;
    if (mode === 'off' || !url) {
      log?.info('update check skipped', { reason: mode === 'off' ? 'AutoUpdate is off' : 'no manifest URL configured' });
      return;
    }
    const result = await checkManifest({ channel, manifest: manifestSource(url), store: deps.updates, clock: deps.clock, ids: deps.ids });
    log?.info('update check done', result.ok ? { channel, latest: result.manifest.version } : { channel, error: result.error });
  };
}
