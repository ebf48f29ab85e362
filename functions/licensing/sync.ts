/**
 * One sync with the control plane: the hourly job runs it, and an admin's "refresh now"
 * (after Checkout) runs it too. In order: a heartbeat (version, channel, seats, health),
 * the usage reports of every settled hour not yet reported (usage-reports.ts), then the
 * license pull, handed to `applyLicense` (verified offline; a tampered or foreign one is
 * rejected and audited there). With `TELEMETRY=off` only the license is pulled: no
 * heartbeat, no usage (docs/telemetry.md says field by field what each carries).
 *
 * A control plane that is down never makes this throw: the outcome says what failed, the
 * sync state records it (shown on the billing page), and the last good license stays in
 * force (entitlements decide how long). Once the control plane is unavailable the rest of
 * the sync is skipped (each call would wait for its own timeout); a refused request (4xx)
 * does not stop the others, so a usage report the control plane will not take never keeps
 * the license from being pulled. Table errors do throw: the job then runs again later.
 */
import type { Services } from '../services.js';
import { apiCallReader } from './api-calls.js';
import { applyLicense } from './apply-license.js';
import type { HeartbeatRequest } from './control-plane-api.js';
import { type Connection, type ControlPlaneClient, ControlPlaneRefused, ControlPlaneUnavailable } from './control-plane-client.js';
import { dynamoUsageCursor, hoursToReport, reportsFor } from './usage-reports.js';

export interface SyncOutcome {
  /** True when every step of the sync reached the control plane and was accepted. */
  ok: boolean;
  /** True when the pulled license replaced the stored one (a renewal, or a new plan or status). */
  licenseChanged: boolean;
  /** The first failure, short and safe to show admins. */
  error?: string;
  /** ISO time the sync started. */
  at: string;
  /** What the usage step sent, when it ran. */
  usage?: { hours: number; reports: number; accepted: number; duplicates: number; rejected: number };
}

const MAX_ERROR_CHARS = 300;

export async function syncNow(services: Services): Promise<SyncOutcome> {
  const now = services.clock.now();
  const at = now.toISOString();
  const client = services.controlPlane;
  if (!client) return { ok: false, licenseChanged: false, error: 'No control plane is configured (the ControlPlaneUrl parameter is empty).', at };
  const stored = await services.licenses.connection();
  if (!stored) return { ok: false, licenseChanged: false, error: 'This installation is not connected to the control plane: activate it first.', at };
  const conn: Connection = { installationId: stored.installationId, signingKey: stored.signingKey };

  const errors: string[] = [];
  let unavailable = false;
  /** Runs one step; a failure of the control plane is recorded, anything else throws. */
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (unavailable) return undefined;
    try {
      return await run();
    } catch (error) {
      if (error instanceof ControlPlaneUnavailable) unavailable = true;
      else if (!(error instanceof ControlPlaneRefused)) throw error;
      errors.push(`${name}: ${error.message}`);
      return undefined;
    }
  };

  let usage: SyncOutcome['usage'];
  if (services.config.TELEMETRY === 'on') {
    await step('heartbeat', async () => client.heartbeat(conn, await heartbeatOf(services, now)));
    usage = await step('usage', () => reportUsage(services, client, conn, new Date(stored.connectedAt), now));
  }
  let licenseChanged = false;
  const pulled = await step('license', () => client.license(conn));
  if (pulled !== undefined) {
    const applied = await applyLicense(services, pulled, 'sync');
    if (applied.ok) licenseChanged = applied.stored;
    else errors.push(`license: the control plane's license was refused (${applied.reason}); the last good license stays in force.`);
  }

  const error = errors[0]?.slice(0, MAX_ERROR_CHARS);
  // lastSyncAt means "reached the control plane and got a license": the billing page's "last synced".
  await services.licenses.recordSync(
    pulled !== undefined && !error
      ? { lastSyncAt: at, lastAttemptAt: at }
      : { lastAttemptAt: at, lastError: error ?? 'unknown error', ...(pulled !== undefined ? { lastSyncAt: at } : {}) },
  );
  return { ok: error === undefined, licenseChanged, ...(error ? { error } : {}), at, ...(usage ? { usage } : {}) };
}

/**
 * The heartbeat: what runs here and how many use it (one count of the users' listing).
 * No `health` block: its `dlqDepth` would need a grant to read the dead-letter queue,
 * which the worker does not have; the block is sent whole or not at all.
 */
export async function heartbeatOf(services: Services, now: Date): Promise<HeartbeatRequest> {
  const seats = await services.seats.count(now);
  return { version: services.config.OWNSTACK_VERSION.slice(0, 40), channel: services.config.UPDATE_CHANNEL, seats: seats.activeUsers };
}

async function reportUsage(
  services: Services,
  client: ControlPlaneClient,
  conn: Connection,
  connectedAt: Date,
  now: Date,
): Promise<NonNullable<SyncOutcome['usage']>> {
  const cursor = dynamoUsageCursor(services.db, services.tableName);
  const lastReported = await cursor.get();
  const hours = hoursToReport(lastReported, connectedAt, now);
  const last = hours[hours.length - 1];
  if (last === undefined) return { hours: 0, reports: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const [calls, seats, levels] = await Promise.all([
    apiCallReader(services.db, services.tableName).hours(hours),
    services.seats.count(now),
    services.usage.current(),
  ]);
  const reports = reportsFor(hours, calls, { seats: seats.activeUsers, ...levels });
  const answer = await client.usage(conn, reports);
  // Acknowledged (accepted, already known, or refused for good): these hours are done.
  await cursor.advance(lastReported, last);
  return { hours: hours.length, reports: reports.length, accepted: answer.accepted, duplicates: answer.duplicates, rejected: answer.rejected.length };
}
