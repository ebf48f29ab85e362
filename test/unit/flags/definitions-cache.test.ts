import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlagDefinitionsCache, type FleetState, fleetStateOf } from '../../../functions/flags/definitions-cache.js';
import type { FlagDefinition } from '../../../functions/flags/model.js';
import { aFlag, everyone } from './builders.js';

/** A flag store and license an admin (or the vendor) changes while the cache holds the old definitions. */
function sources() {
  const state = {
    installation: [aFlag({ version: 1 })] as FlagDefinition[],
    fleet: { flags: [], flagsVersion: 0, plan: 'pro', features: [], ring: 2 } as FleetState,
    loads: 0,
    failing: false,
    /** When set, a load waits for this to resolve: a slow network. */
    gate: undefined as Promise<void> | undefined,
  };
  return {
    state,
    sources: {
      async fleet() {
        return state.fleet;
      },
      async installation() {
        state.loads += 1;
        if (state.gate) await state.gate;
        if (state.failing) throw new Error('store unreachable');
        return state.installation;
      },
    },
  };
}
const versionIn = (snapshot: { layers: ReadonlyMap<string, { installation?: FlagDefinition }> }) =>
  snapshot.layers.get('release_new_editor')?.installation?.version;
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the flag definitions cache', () => {
  it('waits for the first load once, shared by concurrent callers, and then serves from memory', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { now: () => Date.now() });
    const [a, b] = await Promise.all([cache.snapshot(), cache.snapshot()]);
    expect(a).toBe(b);
    expect(state.loads).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await cache.snapshot();
    expect(state.loads).toBe(1);
  });

  it('reloads in the background from half the TTL on: the request never waits for it', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { ttlMs: 30_000, now: () => Date.now() });
    await cache.snapshot();
    state.installation = [aFlag({ version: 2 })];
    let release = () => {};
    state.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await vi.advanceTimersByTimeAsync(15_000);
    // The load is held open, and yet the evaluation gets its answer: the old definitions.
    expect(versionIn(await cache.snapshot())).toBe(1);
    expect(state.loads).toBe(2);
    expect(versionIn(await cache.snapshot())).toBe(1);
    expect(state.loads).toBe(2); // one reload in flight at a time
    release();
    await settle();
    expect(versionIn(await cache.snapshot())).toBe(2);
  });

  it('puts a change in force on the first evaluation after the TTL, with requests before it', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { ttlMs: 30_000, now: () => Date.now() });
    await cache.snapshot();
    await vi.advanceTimersByTimeAsync(16_000); // a reload at 16 s…
    await cache.snapshot();
    await settle();
    state.installation = [aFlag({ version: 2, rules: [everyone('all', 'on')] })]; // …and the admin's change just after it
    // An evaluation every second; the one at 16 s + TTL is the first that must see the change.
    for (let t = 17_000; t <= 16_000 + 30_000; t += 1_000) {
      await vi.advanceTimersByTimeAsync(1_000);
      const seen = versionIn(await cache.snapshot());
      if (t === 16_000 + 30_000) expect(seen).toBe(2);
    }
  });

  it('puts a change in force on the first evaluation after the TTL in an idle process too, with its timer', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { ttlMs: 30_000, autoRefresh: true, now: () => Date.now() });
    await cache.snapshot();
    await vi.advanceTimersByTimeAsync(15_001); // just after the timer's reload
    state.installation = [aFlag({ version: 2 })];
    await vi.advanceTimersByTimeAsync(30_000); // no evaluation in between
    expect(versionIn(await cache.snapshot())).toBe(2);
    cache.close();
  });

  it('serves the old definitions until the TTL (no change is in force before a reload)', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { ttlMs: 30_000, now: () => Date.now() });
    await cache.snapshot();
    state.installation = [aFlag({ version: 2 })];
    await vi.advanceTimersByTimeAsync(14_999);
    expect(versionIn(await cache.snapshot())).toBe(1);
    await settle();
    expect(versionIn(await cache.snapshot())).toBe(1);
  });

  it('keeps the last good definitions when a reload fails, says so, and tries again after a pause', async () => {
    const { state, sources: s } = sources();
    const errors: unknown[] = [];
    const cache = new FlagDefinitionsCache(s, { ttlMs: 30_000, retryAfterMs: 5_000, now: () => Date.now(), onRefreshError: (e) => errors.push(e) });
    await cache.snapshot();
    state.failing = true;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(versionIn(await cache.snapshot())).toBe(1);
    await settle();
    expect(errors).toHaveLength(1);
    expect(cache.lastError).toBeInstanceOf(Error);
    // Requests in the next 5 s do not each try again.
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      expect(versionIn(await cache.snapshot())).toBe(1);
    }
    expect(state.loads).toBe(2);
    state.failing = false;
    state.installation = [aFlag({ version: 3 })];
    await vi.advanceTimersByTimeAsync(1_000);
    await cache.snapshot();
    await settle();
    expect(versionIn(await cache.snapshot())).toBe(3);
    expect(cache.lastError).toBeUndefined();
  });

  it('holds back retries only after a failure: a TTL shorter than the retry pause still reloads on time', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { ttlMs: 1_000, retryAfterMs: 5_000, now: () => Date.now() });
    await cache.snapshot();
    state.installation = [aFlag({ version: 2 })];
    await vi.advanceTimersByTimeAsync(500);
    await cache.snapshot();
    await settle();
    expect(versionIn(await cache.snapshot())).toBe(2);
  });

  it('fails the first load to its caller and tries again on the next call', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { now: () => Date.now() });
    state.failing = true;
    await expect(cache.snapshot()).rejects.toThrow('store unreachable');
    state.failing = false;
    expect(versionIn(await cache.snapshot())).toBe(1);
  });

  it('reloads at once on refreshNow, for a change made through this process', async () => {
    const { state, sources: s } = sources();
    const cache = new FlagDefinitionsCache(s, { now: () => Date.now() });
    await cache.snapshot();
    state.installation = [aFlag({ version: 2 })];
    await cache.refreshNow();
    expect(versionIn(await cache.snapshot())).toBe(2);
  });

  it('puts both layers of a key side by side, with the standing of the license', async () => {
    const { state, sources: s } = sources();
    state.fleet = {
      flags: [aFlag({ version: 7 }), aFlag({ key: 'ops_read_only' })],
      flagsVersion: 4,
      plan: 'enterprise',
      features: ['x'],
      ring: 0,
      installationId: 'inst_x',
    };
    const snapshot = await new FlagDefinitionsCache(s).snapshot();
    expect(snapshot.layers.get('release_new_editor')?.fleet?.version).toBe(7);
    expect(snapshot.layers.get('release_new_editor')?.installation?.version).toBe(1);
    expect(snapshot.layers.get('ops_read_only')?.installation).toBeUndefined();
    expect(snapshot).toMatchObject({ flagsVersion: 4, standing: { plan: 'enterprise', features: ['x'], ring: 0, installationId: 'inst_x' } });
  });
});

describe('the fleet state of a license', () => {
  it('is no flags in ring 2 without a license, and the license’s flags, ring and id with one', () => {
    const entitlements = { plan: 'community' as const, features: [] };
    expect(fleetStateOf(undefined, entitlements)).toEqual({ flags: [], flagsVersion: 0, ring: 2, plan: 'community', features: [] });
    const flag = aFlag();
    expect(fleetStateOf({ flags: [flag], flagsVersion: 3, ring: 1, sub: 'inst_aaaaaaaaaaaaaaaaaaaa' }, { plan: 'pro', features: ['audit-export'] })).toEqual({
      flags: [flag],
      flagsVersion: 3,
      ring: 1,
      plan: 'pro',
      features: ['audit-export'],
      installationId: 'inst_aaaaaaaaaaaaaaaaaaaa',
    });
  });
});
