/**
 * `npm run cost -- --vendor`: the control plane's monthly cost at 0, 100 and 10,000
 * installations, from the synthesized VendorStack and the fleet assumptions of
 * vendor-model.ts. Offline, no credentials. docs/control-plane-cost.md explains the model.
 */
import { fixedMonthlyCost } from './fixed-cost.js';
import { PRICE_REGION, PRICES_TAKEN } from './prices.js';
import { table, usd } from './report.js';
import { total } from './request-mix.js';
import type { CfnTemplate } from './template.js';
import { DEFAULT_FLEET, operations, type VendorCostLine, vendorFunctionMemory, vendorMonthlyCost } from './vendor-model.js';
import { synthesizeVendorTemplate } from './vendor-synth.js';

export const FLEET_SIZES = [0, 100, 10_000] as const;

export function vendorCostReport(template: CfnTemplate): string {
  const out: string[] = [];
  const memory = vendorFunctionMemory(template);
  const idle = fixedMonthlyCost(template);
  out.push(`Control plane cost model: ${PRICE_REGION} list prices taken ${PRICES_TAKEN}; ${Object.keys(template.Resources).length} resources in the template.`);
  out.push(
    `\n== Idle: ${idle.counts.fixed} resources with a monthly price (${usd(idle.listUsd)} at list, ${usd(idle.afterAlwaysFreeUsd)} after always-free tiers), ${idle.counts.usage} usage-priced, ${idle.counts.free} free`,
  );
  for (const r of idle.resources.filter((x) => x.pricing.kind === 'fixed')) out.push(`  ${r.logicalId} (${r.type}): ${r.pricing.note}`);
  const withAlarm = fixedMonthlyCost(template, { AlarmEmail: 'ops@example.com' });
  out.push(`  Opt-in AlarmEmail (an alarm on the billing DLQ, SNS email): +${usd(withAlarm.listUsd - idle.listUsd)} a month.`);

  const f = DEFAULT_FLEET;
  out.push('\n== Per operation (ESTIMATES; memory from the template)\n');
  out.push(
    table(
      ['operation', 'function', 'MB', 'ms', 'RRU', 'WRU', 'SQS', 'basis'],
      operations.map((op) => [
        op.id,
        op.fn,
        String(memory[op.fn]),
        String(op.billedMs),
        String(op.readUnits),
        String(op.writeUnits),
        String(op.sqsRequests),
        op.basis,
      ]),
      (i) => i >= 2 && i <= 6,
    ),
  );
  out.push(
    `\nFleet: every installation syncs hourly (1 license GET, 1 heartbeat, 1 usage POST of 5 meters); ${f.paidShare * 100}% on a paid plan, ` +
      `${f.meteredShare * 100}% metered (enterprise); ${f.webhookEventsPerPaidMonth} Stripe events and ${f.seatChangesPerPaidMonth} seat changes per paid subscription a month; ` +
      `${f.staffUsers} staff making ${f.adminRequestsPerStaffMonth} admin requests a month each; logs kept ${f.logRetentionDays} days; usage reports kept 400 days (steady state).`,
  );

  const results = FLEET_SIZES.map((installations) => vendorMonthlyCost(template, { ...DEFAULT_FLEET, installations }));
  const lines = Object.keys(results[0]?.listUsd ?? {}) as VendorCostLine[];
  out.push('\n== Monthly cost by fleet size (list price)\n');
  out.push(
    table(
      ['line', ...FLEET_SIZES.map((n) => `${n.toLocaleString('en-US')} inst.`)],
      [
        ...lines.map((line) => [line, ...results.map((r) => usd(r.listUsd[line]))]),
        ['total, list price', ...results.map((r) => usd(total(r.listUsd)))],
        ['total, after always-free tiers', ...results.map((r) => usd(total(r.afterFreeUsd)))],
        ['per installation, list', ...results.map((r) => (r.fleet.installations === 0 ? '-' : usd(total(r.listUsd) / r.fleet.installations, 4)))],
        ['API requests a month', ...results.map((r) => Math.round(r.apiRequests).toLocaleString('en-US'))],
        ['table GB (steady state)', ...results.map((r) => r.tableGb.toFixed(2))],
      ],
    ),
  );
  out.push(
    '\nNot included: Stripe fees (a share of revenue, not AWS), data transfer out (responses of a few KB), the console for a few staff (CloudFront and S3 within their free tiers), Cognito (a few staff, inside 10,000 free MAU).',
  );
  return out.join('\n');
}

export function printVendorCostModel(): void {
  const started = performance.now();
  const template = synthesizeVendorTemplate();
  console.log(vendorCostReport(template));
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s (synthesized in process, bundling skipped).`);
}
