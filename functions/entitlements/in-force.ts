/**
 * The entitlements in force, as the request path asks for them: read from the stored
 * license at most once per `ENTITLEMENTS_TTL_MS` per process, then decided by
 * `entitlementsAt` at the time of each call (so a trial or a grace period ends on time
 * even inside the cached window). A license stored through this process takes effect on
 * its next request; other processes (Lambda containers) pick it up within the TTL.
 */
import type { Clock } from '../platform/ports.js';
import { type Entitlements, entitlementsAt, type LicenseInput } from './domain.js';

/** A license refreshed anywhere is in force everywhere on the first request after this. */
export const ENTITLEMENTS_TTL_MS = 30_000;

export interface EntitlementsCache {
  entitlements(): Promise<Entitlements>;
  /** Forget the cached license: the next call reads the table. */
  invalidate(): void;
}

export function cachedEntitlements(readLicense: () => Promise<LicenseInput | undefined>, clock: Clock, ttlMs = ENTITLEMENTS_TTL_MS): EntitlementsCache {
  let cached: { license: Promise<LicenseInput | undefined>; readAt: number } | undefined;
  return {
    async entitlements() {
      const now = clock.now();
      if (!cached || now.getTime() - cached.readAt >= ttlMs || now.getTime() < cached.readAt) {
        const license = readLicense();
        cached = { license, readAt: now.getTime() };
        // A failed read is not cached: the next request tries again.
        license.catch(() => {
          if (cached?.license === license) cached = undefined;
        });
      }
      return entitlementsAt(await cached.license, now);
    },
    invalidate() {
      cached = undefined;
    },
  };
}
