/**
 * The project's performance targets, checked against one run's figures: API cold start at
 * most 2x the minimal handler's, read routes' p50 at most 1.3x their raw DynamoDB time,
 * and latency with the large table within 1.2x of the small one (the create too: a write
 * should not grow with the table either).
 */
import type { ColdStartFigures } from './cold-start.js';
import type { Mode } from './latency.js';
import type { ScaleResults, TargetCheck } from './results.js';
import { BENCH_ROUTES } from './routes-under-test.js';
import { ratio } from './stats.js';

const READ_ROUTES: string[] = [BENCH_ROUTES.me, BENCH_ROUTES.members, BENCH_ROUTES.listDocuments, BENCH_ROUTES.getDocument];
const GROWTH_ROUTES: string[] = [...READ_ROUTES, BENCH_ROUTES.createDocument];
const docs = (n: number) => `${n.toLocaleString('en-US')} docs`;

export function checkTargets(coldStarts: readonly ColdStartFigures[], scales: readonly ScaleResults[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const cold = (id: string) => coldStarts.find((c) => c.id === id)?.coldMs.median ?? Number.NaN;
  for (const id of ['api-me', 'api-health']) {
    const value = ratio(cold(id), cold('minimal'));
    checks.push({
      target: `API cold start ≤ 2x minimal (${id})`,
      measured: `${cold(id).toFixed(0)} / ${cold('minimal').toFixed(0)} ms`,
      value,
      limit: 2,
      met: value <= 2,
    });
  }
  for (const scale of scales) {
    for (const route of READ_ROUTES) {
      for (const mode of ['in-process', 'http'] as Mode[]) {
        const p50 = p50Of(scale, route, mode);
        const raw = p50Of(scale, route, 'raw');
        const value = ratio(p50, raw);
        checks.push({
          target: `${route} ${mode} p50 ≤ 1.3x raw @${docs(scale.documents)}`,
          measured: `${p50.toFixed(2)} / ${raw.toFixed(2)} ms`,
          value,
          limit: 1.3,
          met: value <= 1.3,
        });
      }
    }
  }
  const [small, large] = [scales[0], scales.at(-1)];
  if (small && large && large !== small) {
    for (const route of GROWTH_ROUTES) {
      for (const mode of ['http', 'in-process', 'raw'] as Mode[]) {
        const value = ratio(p50Of(large, route, mode), p50Of(small, route, mode));
        checks.push({
          target: `${route} ${mode} p50 @${docs(large.documents)} ≤ 1.2x @${docs(small.documents)}`,
          measured: `${p50Of(large, route, mode).toFixed(2)} / ${p50Of(small, route, mode).toFixed(2)} ms`,
          value,
          limit: 1.2,
          met: value <= 1.2,
        });
      }
    }
  }
  return checks;
}

export const p50Of = (scale: ScaleResults, route: string, mode: Mode): number =>
  scale.latency.find((l) => l.route === route)?.modes[mode]?.median ?? Number.NaN;
