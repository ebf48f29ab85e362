/** The wire contract of the updates routes: what admins see, and the approval they send. */
import { z } from 'zod';

export const updatesView = z.object({
  /** The version this API function runs: the deployed one. */
  currentVersion: z.string(),
  channel: z.enum(['canary', 'beta', 'stable']),
  autoUpdate: z.enum(['off', 'notify', 'auto']),
  maintenanceWindow: z.string(),
  /** The newest version on the channel, when a newer one than the current exists and may be taken. */
  updateAvailable: z.boolean(),
  latest: z.object({ version: z.string(), releaseNotes: z.string(), publishedAt: z.string(), minimumUpgradableVersion: z.string() }).optional(),
  /** Why an offered newer version cannot be taken directly (below its minimum), if so. */
  blockedReason: z.string().optional(),
  lastCheck: z.object({ at: z.string(), ok: z.boolean(), error: z.string().optional() }).optional(),
  /** The upgrade waiting for an admin's approval (never its task token). */
  pendingApproval: z.object({ fromVersion: z.string(), toVersion: z.string(), changeSetName: z.string(), requestedAt: z.string() }).optional(),
  lastUpgrade: z
    .object({
      fromVersion: z.string(),
      toVersion: z.string(),
      outcome: z.enum(['succeeded', 'rolled-back', 'failed', 'rejected', 'smoke-test-failed']),
      detail: z.string(),
      at: z.string(),
    })
    .optional(),
});
export type UpdatesView = z.infer<typeof updatesView>;

export const approvalBody = z.object({
  decision: z.enum(['approve', 'reject']),
  /** The version the admin saw: a decision about another upgrade than the one waiting is refused. */
  toVersion: z.string().min(1).max(64),
});
