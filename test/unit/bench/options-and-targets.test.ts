import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../bench/options.js';
import type { ScaleResults } from '../../../bench/results.js';
import { BENCH_ROUTES } from '../../../bench/routes-under-test.js';
import { summarize } from '../../../bench/stats.js';
import { checkTargets } from '../../../bench/targets.js';

describe('bench options', () => {
  it('times 1,000 and 100,000 documents by default, 1,000 and 5,000 with --quick', () => {
    expect(parseOptions([])).toMatchObject({ smallDocuments: 1_000, largeDocuments: 100_000, samples: 1_000, events: 2_000 });
    expect(parseOptions(['--quick'])).toMatchObject({ smallDocuments: 1_000, largeDocuments: 5_000, samples: 200, events: 500 });
    expect(parseOptions(['--large', '20000', '--events', '300'])).toMatchObject({ largeDocuments: 20_000, events: 300 });
  });

  it('refuses a large table no larger than the small one, and unknown flags', () => {
    expect(() => parseOptions(['--large', '1000'])).toThrow(/must exceed/);
    expect(() => parseOptions(['--fast'])).toThrow(/Unknown option/);
  });
});

const timed = (ms: number) => summarize([ms, ms, ms]);
function scale(documents: number, factor: number): ScaleResults {
  const latency = Object.values(BENCH_ROUTES).map((route) => ({
    route,
    modes: { http: timed(2 * factor), 'in-process': timed(1.2 * factor), raw: timed(1 * factor) },
  }));
  return { users: 1_000, documents, listProjectDocuments: documents / 10, seedMs: 0, latency, capacity: [] };
}

describe('bench targets', () => {
  const coldStarts = [
    { id: 'minimal', coldMs: summarize([100]) },
    { id: 'api-me', coldMs: summarize([250]) },
    { id: 'api-health', coldMs: summarize([150]) },
  ] as unknown as Parameters<typeof checkTargets>[0];

  it('checks the overhead of every read route, and the growth of reads and the create', () => {
    const checks = checkTargets(coldStarts, [scale(1_000, 1), scale(100_000, 1.3)]);
    const find = (text: string) => checks.filter((c) => c.target.includes(text));
    expect(find('(api-me)')[0]).toMatchObject({ value: 2.5, met: false });
    expect(find('(api-health)')[0]).toMatchObject({ value: 1.5, met: true });
    for (const route of [BENCH_ROUTES.me, BENCH_ROUTES.listDocuments, BENCH_ROUTES.getDocument]) {
      const overhead = checks.find((c) => c.target === `${route} in-process p50 ≤ 1.3x raw @1,000 docs`);
      expect(overhead?.value).toBeCloseTo(1.2);
      expect(overhead?.met).toBe(true);
    }
    const growth = find('@100,000 docs ≤ 1.2x @1,000 docs');
    expect(growth.map((c) => c.target)).toContain(`${BENCH_ROUTES.createDocument} raw p50 @100,000 docs ≤ 1.2x @1,000 docs`);
    expect(growth.every((c) => !c.met && Math.abs(c.value - 1.3) < 1e-9)).toBe(true);
  });
});
