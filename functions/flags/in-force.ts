/**
 * The flags in force in this process, for the request path: E1's OpenFeature provider
 * over a definitions cache fed by the installation's flag store and the license in force.
 * An evaluation never makes a network call; the definitions are read at most about once
 * per TTL. The cache reloads in the background from half the TTL on; when a process was
 * idle past the whole TTL, the next request waits for one reload, so a change made
 * anywhere is in force for every request after the TTL. A change made through this
 * process is in force at once (`changed`).
 */
import type { Entitlements } from '../entitlements/domain.js';
import type { LicenseStore } from '../licensing/store.js';
import type { Clock } from '../platform/ports.js';
import type { Principal } from '../platform/principal.js';
import { DEFAULT_FLAG_TTL_MS, FlagDefinitionsCache, fleetStateOf } from './definitions-cache.js';
import type { FlagValue } from './evaluate.js';
import { OwnstackFlagProvider } from './provider.js';
import type { FlagStore } from './store.js';

export interface FlagsInForce {
  /** The OpenFeature provider (register it on a domain to read flags through an OpenFeature client). */
  provider: OwnstackFlagProvider;
  /** Every flag's value for the signed-in user: values only. */
  valuesFor(principal: Pick<Principal, 'userId' | 'groupIds' | 'role'>): Promise<Record<string, FlagValue>>;
  /** Reload now, after a change made through this process. */
  changed(): Promise<void>;
}

export interface FlagsInForceDeps {
  flags: Pick<FlagStore, 'list'>;
  licenses: Pick<LicenseStore, 'current'>;
  entitlements: () => Promise<Entitlements>;
  clock: Clock;
}

export function flagsInForce(deps: FlagsInForceDeps, ttlMs = DEFAULT_FLAG_TTL_MS): FlagsInForce {
  const now = () => deps.clock.now().getTime();
  const cache = new FlagDefinitionsCache(
    {
      async fleet() {
        const [license, entitlements] = await Promise.all([deps.licenses.current(), deps.entitlements()]);
        // A license past its offline grace no longer counts, for flags as for the plan.
        return fleetStateOf(entitlements.source === 'license' ? license?.claims : undefined, entitlements);
      },
      async installation() {
        return (await deps.flags.list()).map((f) => f.definition);
      },
    },
    { ttlMs, now },
  );
  const provider = new OwnstackFlagProvider(cache);
  return {
    provider,
    async valuesFor(principal) {
      const held = cache.peek();
      // Idle past the TTL (a thawed Lambda): wait for one reload rather than serve a stale answer.
      if (!held || now() - held.loadedAt >= ttlMs) {
        await cache.refreshNow().catch((error: unknown) => {
          // The store is unreachable: the last good definitions beat no answer at all.
          if (!held) throw error;
        });
      }
      return provider.evaluateAll({ targetingKey: principal.userId, groups: [...principal.groupIds], role: principal.role });
    },
    async changed() {
      await cache.refreshNow();
    },
  };
}
