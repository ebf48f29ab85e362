import { describe, expect, it } from 'vitest';
import { COMMUNITY_ENTITLEMENTS, entitlementsAt, has, TRIAL_END_SLACK_MS } from '../../../functions/entitlements/domain.js';
import { cachedEntitlements, ENTITLEMENTS_TTL_MS } from '../../../functions/entitlements/in-force.js';
import { OFFLINE_GRACE_SECONDS } from '../../../functions/licensing/claims.js';
import { PLANS } from '../../../functions/vendor/plans.js';
import { claimsFor, TEST_INSTALLATION_ID } from '../../support/licenses.js';

const ISSUED = new Date('2026-11-01T00:00:00.000Z');
const DAY = 86_400_000;
const dayAfterIssue = (days: number) => new Date(ISSUED.getTime() + days * DAY);
const license = (overrides: Parameters<typeof claimsFor>[0] = {}) => ({ claims: claimsFor(overrides, ISSUED) });

describe('entitlementsAt', () => {
  it('is the community plan with no license', () => {
    expect(entitlementsAt(undefined, ISSUED)).toEqual(COMMUNITY_ENTITLEMENTS);
  });

  it('grants the licensed plan while the license is valid, with its ring and installation', () => {
    const e = entitlementsAt(license({ ring: 1 }), dayAfterIssue(1));
    expect(e).toMatchObject({ plan: 'pro', status: 'active', source: 'license', licenseState: 'valid', seats: 100, degraded: false, ring: 1 });
    expect(e.installationId).toBe(TEST_INSTALLATION_ID);
    expect(e.quotas).toEqual(PLANS.pro.grant.quotas);
    expect(has(e, 'audit-export')).toBe(true);
  });

  it('keeps an expired license in force until exp + the offline grace, then falls back to community', () => {
    const l = license();
    const exp = l.claims.exp * 1000;
    expect(entitlementsAt(l, new Date(exp - 1))).toMatchObject({ plan: 'pro', licenseState: 'valid' });
    expect(entitlementsAt(l, new Date(exp))).toMatchObject({ plan: 'pro', licenseState: 'offline-grace' });
    expect(entitlementsAt(l, new Date(exp + OFFLINE_GRACE_SECONDS * 1000 - 1))).toMatchObject({ plan: 'pro', licenseState: 'offline-grace' });
    expect(entitlementsAt(l, new Date(exp + OFFLINE_GRACE_SECONDS * 1000))).toEqual(COMMUNITY_ENTITLEMENTS);
  });

  it('keeps the paid plan while past_due within grace, then applies the fallback grant (degraded)', () => {
    const l = license({ status: 'past_due', graceEndsAt: dayAfterIssue(5).toISOString() });
    expect(entitlementsAt(l, dayAfterIssue(4))).toMatchObject({
      plan: 'pro',
      status: 'past_due',
      degraded: false,
      graceEndsAt: dayAfterIssue(5).toISOString(),
    });
    const degraded = entitlementsAt(l, dayAfterIssue(5));
    expect(degraded).toMatchObject({ plan: 'free', paidPlan: 'pro', status: 'past_due', degraded: true, seats: PLANS.free.grant.seats });
    expect(degraded.quotas).toEqual(PLANS.free.grant.quotas);
    expect(has(degraded, 'audit-export')).toBe(false);
  });

  it('recovers at once when a license after payment arrives', () => {
    const paid = license({ status: 'active' });
    expect(entitlementsAt(paid, dayAfterIssue(6))).toMatchObject({ plan: 'pro', degraded: false });
  });

  it('applies the fallback grant to a canceled subscription', () => {
    expect(entitlementsAt(license({ status: 'canceled' }), dayAfterIssue(1))).toMatchObject({ plan: 'free', paidPlan: 'pro', degraded: true });
  });

  it('keeps a trial until its end plus a day of slack for the sync, then the fallback', () => {
    const l = license({ status: 'trialing', trialEndsAt: dayAfterIssue(14).toISOString() });
    expect(entitlementsAt(l, dayAfterIssue(13))).toMatchObject({
      plan: 'pro',
      status: 'trialing',
      trialEndsAt: dayAfterIssue(14).toISOString(),
      degraded: false,
    });
    expect(entitlementsAt(l, new Date(dayAfterIssue(14).getTime() + TRIAL_END_SLACK_MS - 1))).toMatchObject({ plan: 'pro' });
    expect(entitlementsAt(l, new Date(dayAfterIssue(14).getTime() + TRIAL_END_SLACK_MS))).toMatchObject({ plan: 'free', degraded: true });
  });
});

describe('cachedEntitlements', () => {
  it('reads the license once per TTL, decides at each call, and reads again after invalidate', async () => {
    let reads = 0;
    let stored: ReturnType<typeof license> | undefined;
    let now = ISSUED.getTime();
    const cache = cachedEntitlements(
      async () => {
        reads++;
        return stored;
      },
      { now: () => new Date(now) },
    );
    expect((await cache.entitlements()).plan).toBe('community');
    stored = license();
    now += ENTITLEMENTS_TTL_MS - 1;
    expect((await cache.entitlements()).plan).toBe('community');
    expect(reads).toBe(1);
    now += 1;
    expect((await cache.entitlements()).plan).toBe('pro');
    expect(reads).toBe(2);
    stored = undefined;
    cache.invalidate();
    expect((await cache.entitlements()).plan).toBe('community');
    expect(reads).toBe(3);
  });

  it('does not cache a failed read', async () => {
    let fail = true;
    const cache = cachedEntitlements(
      async () => {
        if (fail) throw new Error('table down');
        return license();
      },
      { now: () => ISSUED },
    );
    await expect(cache.entitlements()).rejects.toThrow('table down');
    fail = false;
    expect((await cache.entitlements()).plan).toBe('pro');
  });
});
