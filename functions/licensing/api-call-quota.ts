/**
 * The monthly API-call quota (`quotas.apiCallsPerMonth`), enforced for integrations only:
 * a call with an API key over the month's quota is refused with quota-exceeded, while
 * people signed in to the app are never locked out of it (they can still reach Billing to
 * upgrade). The month's total is read at most once a minute per container (one Query of
 * the month's day items), so the check adds no read to most calls; it may let a few calls
 * past the quota in that minute, never refuse one under it.
 */
import type { Entitlements } from '../entitlements/domain.js';
import { QuotaExceeded } from '../platform/errors.js';
import type { ApiCallReader } from './api-calls.js';

export const QUOTA_READ_EVERY_MS = 60_000;

export interface ApiCallQuota {
  /** Throws QuotaExceeded when this month's calls have reached the quota in force. */
  check(now: Date): Promise<void>;
}

export function apiCallQuota(reader: Pick<ApiCallReader, 'thisMonth'>, entitlements: () => Promise<Entitlements>): ApiCallQuota {
  let known: { month: string; readAt: number; used: number } | undefined;
  return {
    async check(now) {
      const month = now.toISOString().slice(0, 7);
      if (!known || known.month !== month || now.getTime() - known.readAt >= QUOTA_READ_EVERY_MS) {
        known = { month, readAt: now.getTime(), used: await reader.thisMonth(now) };
      } else {
        // Counted between reads, so a burst cannot run far past the quota inside one minute.
        known.used += 1;
      }
      const limit = (await entitlements()).quotas.apiCallsPerMonth;
      if (known.used >= limit) {
        throw new QuotaExceeded(
          `This installation's plan allows ${limit} API calls a month and ${known.used} were made this month. Integrations can call again next month, or after an upgrade on the Billing page.`,
          { meter: 'apiCallsPerMonth', limit, used: known.used },
        );
      }
    },
  };
}
