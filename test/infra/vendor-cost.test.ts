/**
 * The control plane's cost model reads the real VendorStack template: every resource type
 * in it is priced, the idle stack costs only the queue's long polling, and the monthly
 * figure follows the fleet: three synced requests per installation-hour through the API,
 * table units and storage in proportion, nothing for an empty fleet but the idle floor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vendorFunctionCatalog } from '../../functions/vendor/catalog.js';
import { fixedMonthlyCost } from '../../bench/cost/fixed-cost.js';
import { MONTH_HOURS, prices } from '../../bench/cost/prices.js';
import { usd } from '../../bench/cost/report.js';
import { total } from '../../bench/cost/request-mix.js';
import { IDLE_SQS_POLLS_PER_MONTH } from '../../bench/cost/resource-pricing.js';
import { FLEET_SIZES, vendorCostReport } from '../../bench/cost/vendor.js';
import { DEFAULT_FLEET, operations, vendorFunctionMemory, vendorMonthlyCost } from '../../bench/cost/vendor-model.js';
import { synthesizeVendorTemplate } from '../../bench/cost/vendor-synth.js';
import { repositoryRoot } from '../../lib/repository.js';

const template = synthesizeVendorTemplate();
const at = (installations: number) => vendorMonthlyCost(template, { ...DEFAULT_FLEET, installations });

describe('the idle control plane', () => {
  const idle = fixedMonthlyCost(template);

  it('prices every resource of the template, and only the billing queue polling has a monthly price', () => {
    // With the opt-in on, every resource of the template is created, so every type must have a price.
    expect(fixedMonthlyCost(template, { AlarmEmail: 'ops@example.com' }).resources).toHaveLength(Object.keys(template.Resources).length);
    expect(idle.resources.filter((r) => r.pricing.kind === 'fixed').map((r) => r.type)).toEqual(['AWS::Lambda::EventSourceMapping']);
    expect(idle.listUsd).toBeCloseTo(IDLE_SQS_POLLS_PER_MONTH * prices.sqsRequest.usd, 6);
    expect(idle.afterAlwaysFreeUsd).toBe(0);
  });

  it('adds one alarm ($0.10 a month) with the AlarmEmail opt-in, and nothing else with a monthly price', () => {
    const withAlarm = fixedMonthlyCost(template, { AlarmEmail: 'ops@example.com' });
    expect(withAlarm.resources.filter((r) => r.pricing.kind === 'fixed').map((r) => r.type)).toEqual(
      expect.arrayContaining(['AWS::Lambda::EventSourceMapping', 'AWS::CloudWatch::Alarm']),
    );
    expect(withAlarm.counts.fixed).toBe(2);
    expect(withAlarm.listUsd - idle.listUsd).toBeCloseTo(prices.alarmMonth.usd, 9);
  });
});

describe('the fleet model', () => {
  it('reads each function’s memory from the template', () => {
    const memory = vendorFunctionMemory(template);
    for (const [name, declaration] of Object.entries(vendorFunctionCatalog)) expect(memory[name as keyof typeof memory]).toBe(declaration.memoryMb);
  });

  it('sends three requests per installation-hour through the API, plus webhooks and the console', () => {
    const small = at(100);
    const large = at(10_000);
    const perInstallation = (large.apiRequests - small.apiRequests) / 9_900;
    const webhooks = DEFAULT_FLEET.paidShare * DEFAULT_FLEET.webhookEventsPerPaidMonth;
    expect(perInstallation).toBeCloseTo(3 * MONTH_HOURS + webhooks, 6);
    expect(large.listUsd['HTTP API requests']).toBeCloseTo(large.apiRequests * prices.httpApiRequest.usd, 9);
  });

  it('costs an empty fleet no more than the idle floor and the staff’s own use', () => {
    const empty = at(0);
    expect(empty.tableGb).toBe(0);
    expect(empty.listUsd['DynamoDB writes']).toBeCloseTo(
      DEFAULT_FLEET.staffUsers * DEFAULT_FLEET.adminRequestsPerStaffMonth * 0.1 * prices.dynamoWriteUnit.usd,
      9,
    );
    expect(total(empty.listUsd)).toBeLessThan(1);
  });

  it('grows with the fleet on every usage line, the idle floor aside', () => {
    const [a, b] = [at(100), at(10_000)];
    for (const line of Object.keys(a.listUsd) as (keyof typeof a.listUsd)[]) {
      if (line === 'Idle (queue polling)') expect(b.listUsd[line]).toBe(a.listUsd[line]);
      else expect(b.listUsd[line]).toBeGreaterThan(a.listUsd[line]);
    }
    expect(total(b.afterFreeUsd)).toBeLessThan(total(b.listUsd));
  });

  it('names a basis for every operation estimate', () => {
    for (const op of operations) expect(op.basis.split(/\s+/).length).toBeGreaterThanOrEqual(6);
  });

  it('matches the totals docs/control-plane-cost.md reports (rerun `npm run cost -- --vendor` and update the page if not)', () => {
    const page = readFileSync(join(repositoryRoot, 'docs/control-plane-cost.md'), 'utf8');
    for (const installations of FLEET_SIZES) expect(page).toContain(`**${usd(total(at(installations).listUsd))}**`);
  });

  it('prints the three fleet sizes', () => {
    expect(FLEET_SIZES).toEqual([0, 100, 10_000]);
    const report = vendorCostReport(template);
    expect(report).toMatch(/0 inst\.\s+100 inst\.\s+10,000 inst\./);
    expect(report).toContain('total, list price');
  });
});
