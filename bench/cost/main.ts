/**
 * `npm run cost`: the cost model of an installation. Synthesizes the stack in process
 * (or reads a template given with --template), prices every resource it creates while
 * idle, with default parameters and with each opt-in option, then prices a request mix per
 * million requests next to its floor, and three example customers a month. Offline: no
 * AWS call, no credentials. Figures per route come from bench/results/latest.json when
 * `npm run bench` wrote it, otherwise from labelled estimates (bench/cost/route-figures.ts).
 *
 *   npm run cost
 *   npm run cost -- --template cdk.out/OwnstackApp.template.json --bench bench/results/latest.json
 *   npm run cost -- --vendor     (the control plane instead: bench/cost/vendor.ts)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../../lib/repository.js';
import { customerCost, customerExamples } from './customers.js';
import { fixedMonthlyCost } from './fixed-cost.js';
import { DEFAULT_INSTALLATION, optInOptions } from './options.js';
import { PRICE_REGION, PRICES_TAKEN } from './prices.js';
import { customersSection, fixedCostSection, mixSection, routeFiguresSection } from './report.js';
import { costPerMillion, documentMix, readsOf, total, usagePerRequest } from './request-mix.js';
import { readBenchFigures, routeFigures } from './route-figures.js';
import { synthesizeTemplate } from './synth.js';
import { printVendorCostModel } from './vendor.js';
import { type CfnTemplate, catalogFunctions } from './template.js';

/** The read mix's cost may be at most this many times its floor (issue 7). */
export const FLOOR_TARGET = 1.25;

const { values: args } = parseArgs({
  options: {
    template: { type: 'string' },
    bench: { type: 'string', default: join(repositoryRoot, 'bench/results/latest.json') },
    'no-bench': { type: 'boolean', default: false },
    vendor: { type: 'boolean', default: false },
  },
});

// The control plane (VendorStack) has its own model: bench/cost/vendor.ts, docs/control-plane-cost.md.
if (args.vendor) {
  printVendorCostModel();
  process.exit(0);
}

const started = performance.now();
const synthesized = new Map<string, CfnTemplate>();
const templateFor = (context: Record<string, unknown> | undefined): CfnTemplate => {
  if (args.template) {
    if (context) throw new Error('An option that needs CDK context cannot be priced from a --template file.');
    return JSON.parse(readFileSync(args.template, 'utf8')) as CfnTemplate;
  }
  const key = JSON.stringify(context ?? {});
  let template = synthesized.get(key);
  if (!template) {
    template = synthesizeTemplate(context);
    synthesized.set(key, template);
  }
  return template;
};

const base = templateFor(undefined);
const synthMs = performance.now() - started;
console.log(`Ownstack cost model: ${PRICE_REGION} list prices taken ${PRICES_TAKEN} (sources in docs/cost.md)`);
console.log(
  args.template
    ? `Template: ${args.template}, ${Object.keys(base.Resources).length} resources`
    : `Template: synthesized in process without bundling in ${(synthMs / 1000).toFixed(1)} s, ${Object.keys(base.Resources).length} resources`,
);

console.log('\n== Fixed monthly cost of an idle installation (storage aside)\n');
const fixed = [DEFAULT_INSTALLATION, ...optInOptions].map((option) => ({
  option,
  cost: fixedMonthlyCost(templateFor(option.context), option.parameters),
}));
console.log(fixedCostSection(fixed));
console.log(
  '  Not offered by the stack yet (docs/security.md), price if added: KMS key $1/month, WAF $5/month + $1/rule, alarm $0.10/month, hosted zone $0.50/month, NAT gateway $32.85/month, interface endpoint $7.30/month per AZ.',
);

const bench = args['no-bench'] ? undefined : readBenchFigures(args.bench);
const figures = routeFigures(bench);
const functions = catalogFunctions(base);
console.log('\n== Variable cost per million API requests\n');
console.log(
  bench
    ? `Route figures: ${bench.file} (${bench.command}, ${bench.startedAt}) where it measured the route; ESTIMATE where it did not.`
    : 'Route figures: no bench JSON; every figure is an ESTIMATE (run `npm run bench` to measure what it can).',
);
console.log(`Memory: ${[...functions.values()].map((f) => `${f.name} ${f.memoryMb} MB ${f.architecture}`).join(', ')}.\n`);
console.log(routeFiguresSection(documentMix, figures));
for (const [route, f] of figures) if (f.sources.units === 'estimate') console.log(`  ${route} units estimated: ${f.basis}`);

const reads = readsOf(documentMix);
const mixes = [
  { name: 'mix', cost: costPerMillion(documentMix, figures, functions, false), floor: costPerMillion(documentMix, figures, functions, true) },
  { name: 'reads', cost: costPerMillion(reads, figures, functions, false), floor: costPerMillion(reads, figures, functions, true) },
];
console.log('');
console.log(mixSection(mixes));
const readRatio = total(mixes[1]?.cost ?? {}) / total(mixes[1]?.floor ?? {});
console.log(
  `\nTarget: read mix within ${FLOOR_TARGET}x of its floor: ${readRatio.toFixed(3)}x, ${readRatio <= FLOOR_TARGET ? 'met' : 'NOT met'}. ` +
    'Floor = same mix, handler time cut to its DynamoDB calls, no log ingestion. X-Ray at 5% (beyond its 1 request/s reservoir).',
);

console.log('\n== Monthly cost for example customers\n');
const perRequest = usagePerRequest(documentMix, figures, functions, false);
const idleUsd = fixed[0]?.cost.listUsd ?? 0;
const [example] = customerExamples;
if (example) {
  console.log(
    `Assumptions: ${example.apiRequestsPerUserDay} API requests (the mix above) and ${example.pageLoadsPerUserDay} page loads per active user per working day, ` +
      `${example.workingDays} working days of ${example.workingHours} h; ${example.documentsPerUser} documents per user (${example.bytesPerDocument / 1024} KB in the table each), ` +
      `${example.auditMonthsKept} months of audit entries kept, logs kept ${example.logRetentionDays} days, the SPA (${example.spaDownloadBytes / 1024} KB) downloaded once a month per user.\n`,
  );
}
console.log(customersSection(customerExamples.map((a) => customerCost(a, perRequest, idleUsd))));
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
