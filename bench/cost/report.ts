/** Plain-text tables for `npm run cost`. Formatting only: every figure is computed elsewhere. */
import type { CustomerCost, CustomerLine } from './customers.js';
import type { FixedCost } from './fixed-cost.js';
import type { OptInOption } from './options.js';
import type { CostBreakdown, CostLine, MixEntry } from './request-mix.js';
import { total } from './request-mix.js';
import type { RouteFigures } from './route-figures.js';

export function table(header: string[], rows: string[][], rightAligned: (i: number) => boolean = (i) => i > 0): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const usd = (value: number, digits = 2): string => `$${value.toFixed(digits)}`;

export function fixedCostSection(results: { option: OptInOption; cost: FixedCost }[]): string {
  const out: string[] = [];
  out.push(
    table(
      ['installation', 'resources', 'free', 'usage', 'fixed', 'fixed $/month (list)', 'after always-free tiers'],
      results.map(({ option, cost }) => [
        option.label,
        String(cost.resources.length),
        String(cost.counts.free),
        String(cost.counts.usage),
        String(cost.counts.fixed),
        usd(cost.listUsd),
        usd(cost.afterAlwaysFreeUsd),
      ]),
      (i) => i > 0,
    ),
  );
  const [base] = results;
  if (base) {
    const fixed = base.cost.resources.filter((r) => r.pricing.kind === 'fixed');
    out.push('', 'Priced while idle (default parameters):');
    for (const r of fixed) {
      if (r.pricing.kind !== 'fixed') continue;
      out.push(
        `  ${r.logicalId} (${r.type}): ${usd(r.pricing.monthlyUsd)}/month, ${r.pricing.note}${r.pricing.withinAlwaysFree ? '; inside an always-free tier' : ''}`,
      );
    }
    if (fixed.length === 0) out.push('  nothing');
    const baseIds = new Set(base.cost.resources.map((r) => r.logicalId));
    for (const { option, cost } of results.slice(1)) {
      const added = cost.resources.filter((r) => !baseIds.has(r.logicalId));
      const what = added.map((r) => `${r.type} (${r.pricing.kind}${r.pricing.kind === 'fixed' ? ` ${usd(r.pricing.monthlyUsd)}` : ''})`).join(', ');
      out.push(`  ${option.label}: ${added.length === 0 ? 'no resource added' : `adds ${what}`}${option.usageNote ? `; per use: ${option.usageNote}` : ''}`);
    }
  }
  return out.join('\n');
}

export function routeFiguresSection(mix: readonly MixEntry[], figures: Map<string, RouteFigures>): string {
  const label = (s: string) => (s === 'bench' ? 'bench' : 'ESTIMATE');
  const rows = mix.map(({ route, share }) => {
    const r = figures.get(route) as RouteFigures;
    return [
      route,
      `${(share * 100).toFixed(0)}%`,
      r.handlerMs.toFixed(2),
      r.rawMs.toFixed(2),
      r.readUnits.toFixed(1),
      r.writeUnits.toFixed(1),
      String(Math.round(r.logBytes)),
      String(r.events),
      `${label(r.sources.latency)} / ${label(r.sources.units)} / ${label(r.sources.logs)}`,
    ];
  });
  return table(['route', 'share', 'handler ms', 'raw ms', 'RRU', 'WRU', 'log bytes', 'events', 'source: time / units / logs'], rows, (i) => i > 0 && i < 8);
}

export function mixSection(named: { name: string; cost: CostBreakdown; floor: CostBreakdown }[]): string {
  const lines = Object.keys(named[0]?.cost ?? {}) as CostLine[];
  const header = ['per million requests', ...named.flatMap((n) => [n.name, `${n.name} floor`])];
  const rows = lines.map((line) => [line, ...named.flatMap((n) => [usd(n.cost[line], 3), usd(n.floor[line], 3)])]);
  rows.push(['total', ...named.flatMap((n) => [usd(total(n.cost), 3), usd(total(n.floor), 3)])]);
  rows.push(['ratio to floor', ...named.flatMap((n) => [`${(total(n.cost) / total(n.floor)).toFixed(3)}x`, ''])]);
  return table(header, rows);
}

export function customersSection(customers: CustomerCost[]): string {
  const lines = Object.keys(customers[0]?.listUsd ?? {}) as CustomerLine[];
  const header = ['$ per month', ...customers.flatMap((c) => [`${c.assumptions.activeUsers} users (list)`, 'after free tiers'])];
  const rows = lines.map((line) => [line, ...customers.flatMap((c) => [usd(c.listUsd[line]), usd(c.afterFreeUsd[line])])]);
  rows.push(['total', ...customers.flatMap((c) => [usd(total(c.listUsd)), usd(total(c.afterFreeUsd))])]);
  rows.push(['API requests a month', ...customers.flatMap((c) => [c.requests.toLocaleString('en-US'), ''])]);
  rows.push(['+ SAML/OIDC sign-in (Cognito)', ...customers.flatMap((c) => [usd(c.federatedSignInUsd), usd(c.federatedSignInUsd)])]);
  return table(header, rows);
}
