/**
 * Sticky percentage rollout: a stable hash of `flagKey:stickinessValue` picks one of
 * 100,000 buckets, and a rollout of p% takes the buckets below p × 1,000. A user (or an
 * installation) keeps its bucket as p grows, so 1% → 5% → 25% → 100% never moves anyone
 * back out. Server only (node:crypto); the hash must never change, or everyone moves.
 */
import { hash } from 'node:crypto';

/** 100,000 buckets: rollouts are set in steps of 0.1%, so each step is 100 buckets. */
export const BUCKETS = 100_000;
const TWO_TO_32 = 2 ** 32;

/** The bucket, in [0, BUCKETS), of one stickiness value (a user id, an installation id) for one flag. */
export function bucketOf(flagKey: string, stickinessValue: string): number {
  // The first 32 bits of SHA-1, scaled rather than taken modulo (no bias towards low buckets).
  // The flag key is part of the input, so being early in one rollout says nothing about another.
  const first32 = hash('sha1', `${flagKey}:${stickinessValue}`, 'buffer').readUInt32BE(0);
  return Math.floor((first32 / TWO_TO_32) * BUCKETS);
}

/** The buckets a rollout of `percentage` (0 to 100, steps of 0.1) takes: those below this number. */
export function rolloutThreshold(percentage: number): number {
  // Rounded: 0.1 × 1000 is 100.00000000000001 in floating point, and must be 100.
  return Math.min(BUCKETS, Math.max(0, Math.round(percentage * (BUCKETS / 100))));
}

export function inRollout(bucket: number, percentage: number): boolean {
  return bucket < rolloutThreshold(percentage);
}
