import { describe, expect, it } from 'vitest';
import { communityEntitlements } from '../../../functions/entitlements/domain.js';
import { apiCallQuota, QUOTA_READ_EVERY_MS } from '../../../functions/licensing/api-call-quota.js';
import { QuotaExceeded } from '../../../functions/platform/errors.js';

function setup(usedThisMonth: number, limit = 100) {
  const reads: Date[] = [];
  const reader = {
    async thisMonth(now: Date) {
      reads.push(now);
      return usedThisMonth;
    },
  };
  const entitlements = async () => {
    const e = communityEntitlements();
    e.quotas.apiCallsPerMonth = limit;
    return e;
  };
  return { quota: apiCallQuota(reader, entitlements), reads, setUsed: (n: number) => (usedThisMonth = n) };
}

const t0 = new Date('2026-11-24T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('the monthly API-call quota of integrations', () => {
  it('lets calls through under the quota and refuses them at it, with meter, limit and used', async () => {
    const { quota } = setup(99);
    await expect(quota.check(t0)).resolves.toBeUndefined();
    const refused = await quota.check(later(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QuotaExceeded);
    expect((refused as QuotaExceeded).details).toEqual({ meter: 'apiCallsPerMonth', limit: 100, used: 100 });
  });

  it('reads the month at most once a minute, and again after it', async () => {
    const { quota, reads } = setup(10);
    for (let i = 0; i < 50; i++) await quota.check(later(i * 100));
    expect(reads).toHaveLength(1);
    await quota.check(later(QUOTA_READ_EVERY_MS));
    expect(reads).toHaveLength(2);
  });

  it('reads again when the month changes, so a new month starts from its own count', async () => {
    const { quota, reads, setUsed } = setup(100);
    await expect(quota.check(new Date('2026-11-30T23:59:30Z'))).rejects.toBeInstanceOf(QuotaExceeded);
    setUsed(0);
    await expect(quota.check(new Date('2026-12-01T00:00:05Z'))).resolves.toBeUndefined();
    expect(reads).toHaveLength(2);
  });
});
