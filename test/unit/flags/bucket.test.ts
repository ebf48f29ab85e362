import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, inRollout, rolloutThreshold } from '../../../functions/flags/bucket.js';
import { evaluateFlag, type FlagContext } from '../../../functions/flags/evaluate.js';
import { flagDefinitionSchema } from '../../../functions/flags/model.js';

const USERS = Array.from({ length: 100_000 }, (_, i) => `user-${i.toString(36)}-${(i * 7919) % 1000}`);
const STEPS = [1, 5, 25, 50, 100];

const rolloutFlag = (percentage: number) =>
  flagDefinitionSchema.parse({
    key: 'release_new_editor',
    description: 'The new editor',
    owner: 'editor-team',
    createdAt: '2026-11-01',
    expiresAt: '2027-02-01',
    variants: { on: true, off: false },
    defaultVariant: 'off',
    rules: [{ id: 'gradual', when: {}, serve: { rollout: { percentage, variant: 'on', stickiness: 'userId' } } }],
    version: 1,
  });
const context = (userId: string): FlagContext => ({ userId, groups: [], plan: 'pro', ring: 2, features: [] });

describe('sticky percentage rollout', () => {
  it('gives one value the same bucket every time, and in range', () => {
    expect(bucketOf('release_new_editor', 'u1')).toBe(bucketOf('release_new_editor', 'u1'));
    for (const user of USERS.slice(0, 1000)) {
      const bucket = bucketOf('release_new_editor', user);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(BUCKETS);
      expect(Number.isInteger(bucket)).toBe(true);
    }
  });

  it('takes exactly percentage × 1,000 buckets, 0.1% steps included', () => {
    expect(rolloutThreshold(0)).toBe(0);
    expect(rolloutThreshold(0.1)).toBe(100);
    expect(rolloutThreshold(0.3)).toBe(300);
    expect(rolloutThreshold(25)).toBe(25_000);
    expect(rolloutThreshold(100)).toBe(BUCKETS);
    expect(inRollout(BUCKETS - 1, 100)).toBe(true);
    expect(inRollout(0, 0)).toBe(false);
  });

  it('never moves a user who was in back out as the rollout grows 1% → 5% → 25% → 50% → 100%', () => {
    let included = new Set<string>();
    for (const percentage of STEPS) {
      const flag = rolloutFlag(percentage);
      const now = new Set(USERS.filter((u) => evaluateFlag({ fleet: flag }, context(u))?.value === true));
      const movedOut = [...included].filter((u) => !now.has(u));
      expect(movedOut, `left the rollout at ${percentage}%`).toEqual([]);
      expect(now.size).toBeGreaterThan(included.size);
      included = now;
    }
    expect(included.size).toBe(USERS.length);
  }, 60_000); // half a million evaluations, on a busy machine

  it.each([0.5, 1, 5, 10, 25, 33.3, 50, 75, 99])(
    'puts %s% of 100,000 users in the rollout, within 1 percentage point',
    (percentage) => {
      const flag = rolloutFlag(percentage);
      const inside = USERS.filter((u) => evaluateFlag({ fleet: flag }, context(u))?.value === true).length;
      expect(Math.abs((inside / USERS.length) * 100 - percentage)).toBeLessThan(1);
    },
    30_000,
  );

  it('buckets a user independently per flag, so being early in one rollout says nothing of another', () => {
    const inA = USERS.filter((u) => bucketOf('release_a', u) < 10_000);
    const alsoInB = inA.filter((u) => bucketOf('release_b', u) < 10_000).length;
    // Independent 10% draws: about 10% of A's users are in B too (not all of them).
    expect(alsoInB / inA.length).toBeGreaterThan(0.08);
    expect(alsoInB / inA.length).toBeLessThan(0.12);
  });
});
