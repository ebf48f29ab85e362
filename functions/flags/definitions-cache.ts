/**
 * The flag definitions an evaluation reads, held in memory so that the request path
 * never waits on the network once warm: the fleet's (from the license in force) and the
 * installation's (from its store), reloaded in the background (stale-while-revalidate).
 * The first load of a cold process is awaited once; a failed reload keeps the last good
 * definitions. It never evaluates: that is `evaluate.ts`.
 *
 * Freshness: a reload starts once the definitions are `refreshAfterMs` old (half the TTL
 * by default), from the next evaluation or from the timer (`autoRefresh`), so a change
 * is in force on the first evaluation after the TTL, as long as a reload takes less than
 * half of it. A frozen Lambda runs no timer: there, the first evaluation after a pause
 * starts the reload and the one after it sees the change.
 */
import type { LicenseClaims } from '../licensing/claims.js';
import type { FlagLayers } from './evaluate.js';
import type { FlagDefinition, PlanId, Ring } from './model.js';

/** The installation's standing, from its license: what every context of this installation shares. */
export interface InstallationStanding {
  plan: PlanId;
  features: readonly string[];
  ring: Ring;
  installationId?: string;
}

/** What the license carries for flags: the fleet definitions and the standing they are evaluated against. */
export interface FleetState extends InstallationStanding {
  flags: readonly FlagDefinition[];
  /** The license's `flagsVersion`; 0 without a license. */
  flagsVersion: number;
}

/** Where definitions come from; both are read together on every reload. */
export interface FlagSources {
  /** The fleet flags and standing of the license in force (community, ring 2, no flags without one). */
  fleet(): Promise<FleetState>;
  /** The installation's own flags, from its store. */
  installation(): Promise<readonly FlagDefinition[]>;
}

export interface FlagSnapshot {
  /** Both layers of every key either defines. */
  readonly layers: ReadonlyMap<string, FlagLayers>;
  readonly standing: InstallationStanding;
  readonly flagsVersion: number;
  /** When the load that produced this snapshot started (the cache's clock). */
  readonly loadedAt: number;
}

export interface FlagDefinitionsCacheOptions {
  /** The longest a change takes to be in force. @default 30_000 (30 s) */
  ttlMs?: number;
  /** Age at which a background reload starts. @default ttlMs / 2 */
  refreshAfterMs?: number;
  /** After a failed reload, the least time before the next attempt, so a failing store is not hammered by every request. @default 5_000 */
  retryAfterMs?: number;
  /** Also reload on a timer (unref'd), for long-lived processes such as the local runtime. @default false */
  autoRefresh?: boolean;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
  /** Told of every failed background reload (the last good definitions stay in force). @default ignore */
  onRefreshError?: (error: unknown) => void;
}

export const DEFAULT_FLAG_TTL_MS = 30_000;

export class FlagDefinitionsCache {
  private current: FlagSnapshot | undefined;
  private loading: Promise<FlagSnapshot> | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly refreshAfterMs: number;
  private readonly retryAfterMs: number;
  private readonly now: () => number;
  /** The error of the last reload, cleared by the next one that succeeds. */
  lastError: unknown;

  constructor(
    private readonly sources: FlagSources,
    private readonly options: FlagDefinitionsCacheOptions = {},
  ) {
    const ttlMs = options.ttlMs ?? DEFAULT_FLAG_TTL_MS;
    if (!(ttlMs > 0)) throw new Error(`The flag cache's ttlMs must be positive; got ${ttlMs}.`);
    this.refreshAfterMs = options.refreshAfterMs ?? ttlMs / 2;
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
    this.now = options.now ?? Date.now;
    if (options.autoRefresh) {
      this.timer = setInterval(() => void this.reload().catch(() => undefined), this.refreshAfterMs);
      this.timer.unref?.();
    }
  }

  /**
   * The definitions to evaluate against. Waits only for the very first load (shared by
   * concurrent callers, retried by the next call if it failed); afterwards returns at once
   * and, when they are old enough, starts a reload in the background.
   */
  async snapshot(): Promise<FlagSnapshot> {
    const current = this.current;
    if (!current) return this.reload();
    this.refreshIfDue(current);
    return current;
  }

  /** The definitions in memory, if any, without waiting; starts a background reload when due. */
  peek(): FlagSnapshot | undefined {
    if (this.current) this.refreshIfDue(this.current);
    return this.current;
  }

  /** Reloads now and waits for it: after an admin's change in this same process, so it is in force at once. */
  refreshNow(): Promise<FlagSnapshot> {
    return this.reload();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private refreshIfDue(current: FlagSnapshot): void {
    const now = this.now();
    if (this.loading || now - current.loadedAt < this.refreshAfterMs) return;
    if (this.lastError !== undefined && now - this.lastAttemptAt < this.retryAfterMs) return;
    this.reload().catch(() => undefined); // reported through onRefreshError; the last good snapshot stays
  }

  private reload(): Promise<FlagSnapshot> {
    if (this.loading) return this.loading;
    const startedAt = this.now();
    this.lastAttemptAt = startedAt;
    const loading = Promise.all([this.sources.fleet(), this.sources.installation()])
      .then(([fleet, installation]) => {
        const snapshot = buildSnapshot(fleet, installation, startedAt);
        this.current = snapshot;
        this.lastError = undefined;
        return snapshot;
      })
      .catch((error: unknown) => {
        this.lastError = error;
        if (this.current) this.options.onRefreshError?.(error);
        throw error;
      })
      .finally(() => {
        this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }
}

export function buildSnapshot(fleet: FleetState, installation: readonly FlagDefinition[], loadedAt: number): FlagSnapshot {
  const layers = new Map<string, FlagLayers>();
  for (const flag of fleet.flags) layers.set(flag.key, { fleet: flag });
  for (const flag of installation) layers.set(flag.key, { ...layers.get(flag.key), installation: flag });
  const { plan, features, ring, installationId } = fleet;
  return {
    layers,
    standing: { plan, features, ring, ...(installationId !== undefined ? { installationId } : {}) },
    flagsVersion: fleet.flagsVersion,
    loadedAt,
  };
}

/**
 * The fleet state of a verified license (or of none: no fleet flags, ring 2), with the
 * entitlements in force: those, not the license's plan, say what the plan includes
 * (a past-due license beyond its grace falls back to the free plan's features).
 */
export function fleetStateOf(
  license: Pick<LicenseClaims, 'flags' | 'flagsVersion' | 'ring' | 'sub'> | undefined,
  entitlements: { plan: PlanId; features: readonly string[] },
): FleetState {
  return {
    flags: license?.flags ?? [],
    flagsVersion: license?.flagsVersion ?? 0,
    ring: license?.ring ?? 2,
    plan: entitlements.plan,
    features: entitlements.features,
    ...(license ? { installationId: license.sub } : {}),
  };
}
