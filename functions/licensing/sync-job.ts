/**
 * The scheduled license sync (`sync-license`, hourly through the job queue, like the
 * manifest check): runs `syncNow` and logs its outcome. A control plane that is down is an
 * outcome, not a failure, so the message is not retried and never reaches the DLQ; the
 * next hour's run tries again. Not connected (no CONTROL_PLANE_URL, or never activated):
 * nothing is sent at all.
 */
import type { JobHandler } from '../jobs/worker.js';
import type { Services } from '../services.js';
import { syncNow } from './sync.js';

export const SYNC_LICENSE_JOB_TYPE = 'sync-license';

export interface SyncJobLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export function syncLicenseJob(services: Services, log?: SyncJobLog): JobHandler {
  return async () => {
    if (!services.controlPlane) {
      log?.info('license sync skipped', { reason: 'no control plane configured' });
      return;
    }
    // Configured but never activated: the normal state of a community installation, not a warning.
    if (!(await services.licenses.connection())) {
      log?.info('license sync skipped', { reason: 'not activated' });
      return;
    }
    const outcome = await syncNow(services);
    if (outcome.ok) log?.info('license sync done', { licenseChanged: outcome.licenseChanged, usage: outcome.usage });
    else log?.warn('license sync incomplete', { error: outcome.error, licenseChanged: outcome.licenseChanged, usage: outcome.usage });
  };
}
