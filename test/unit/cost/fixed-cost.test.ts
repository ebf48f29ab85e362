import { beforeAll, describe, expect, it } from 'vitest';
import { fixedMonthlyCost } from '../../../bench/cost/fixed-cost.js';
import { DEFAULT_INSTALLATION, optInOptions } from '../../../bench/cost/options.js';
import { IDLE_SQS_POLLS_PER_MONTH, runsPerMonth } from '../../../bench/cost/resource-pricing.js';
import { synthesizeTemplate } from '../../../bench/cost/synth.js';
import type { CfnTemplate } from '../../../bench/cost/template.js';

const kmsKey = { Type: 'AWS::KMS::Key', Properties: {} };

/** A template with one fixed-price resource behind a parameter, as an opt-in option would add it. */
const withOptionalKey: CfnTemplate = {
  Parameters: { EncryptWithOwnKey: { Default: 'false' } },
  Conditions: { OwnKey: { 'Fn::Equals': [{ Ref: 'EncryptWithOwnKey' }, 'true'] } },
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Key: { ...kmsKey, Condition: 'OwnKey' },
  },
};

describe('fixed monthly cost from a template', () => {
  it('classifies every resource, and prices conditioned resources only when their parameters create them', () => {
    const off = fixedMonthlyCost(withOptionalKey);
    expect(off.counts).toEqual({ free: 1, usage: 1, fixed: 0 });
    expect(off.listUsd).toBe(0);

    const on = fixedMonthlyCost(withOptionalKey, { EncryptWithOwnKey: 'true' });
    expect(on.counts.fixed).toBe(1);
    expect(on.listUsd).toBe(1);
    expect(on.afterAlwaysFreeUsd).toBe(1);
  });

  it('refuses a resource type it has no price for, and parameters the template does not have', () => {
    const unknown: CfnTemplate = { Resources: { Cache: { Type: 'AWS::ElastiCache::CacheCluster', Properties: {} } } };
    expect(() => fixedMonthlyCost(unknown)).toThrow(/Cache is a AWS::ElastiCache::CacheCluster, which the cost model does not know/);
    expect(() => fixedMonthlyCost(withOptionalKey, { Nope: 'x' })).toThrow(/no parameter Nope/);
  });

  it('refuses configurations of known types that would have a price it does not model', () => {
    const provisioned: CfnTemplate = { Resources: { T: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PROVISIONED' } } } };
    expect(() => fixedMonthlyCost(provisioned)).toThrow(/provisioned capacity is not priced/);
    const cron: CfnTemplate = { Resources: { R: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'cron(0 3 * * ? *)', Targets: [] } } } };
    expect(() => fixedMonthlyCost(cron)).toThrow(/only rate\(\.\.\.\) expressions/);
  });

  it('prices WAF by its rules and a schedule by its runs of the target function', () => {
    const template: CfnTemplate = {
      Resources: {
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}, {}] } },
        Sweep: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'] } },
        Hourly: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)', Targets: [{ Arn: { 'Fn::GetAtt': ['Sweep', 'Arn'] } }] } },
      },
    };
    expect(runsPerMonth('rate(1 hour)')).toBe(730);
    expect(runsPerMonth('rate(15 minutes)')).toBe(2920);
    const scheduler: CfnTemplate = {
      Resources: {
        Sweep: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'] } },
        Daily: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'rate(1 day)', Target: { Arn: { 'Fn::GetAtt': ['Sweep', 'Arn'] } } } },
      },
    };
    expect(fixedMonthlyCost(scheduler).listUsd).toBeCloseTo((730 / 24) * (0.0000002 + 0.0000133334), 10);
    const cost = fixedMonthlyCost(template);
    // WAF $5 + 3 × $1; 730 runs × ($0.0000002 + 1 GB-s × $0.0000133334).
    expect(cost.listUsd).toBeCloseTo(8 + 730 * (0.0000002 + 0.0000133334), 10);
    expect(cost.afterAlwaysFreeUsd).toBe(8);
  });
});

describe('the synthesized installation', () => {
  let template: CfnTemplate;
  beforeAll(() => {
    template = synthesizeTemplate();
  }, 120_000);

  it('costs $0.00 a month while idle with default parameters, once always-free tiers apply', () => {
    const cost = fixedMonthlyCost(template);
    expect(cost.afterAlwaysFreeUsd).toBe(0);
    // Priced at all while idle: the job queue's polling (inside SQS's free million requests) and schedules, if any.
    const fixed = cost.resources.flatMap((r) => (r.pricing.kind === 'fixed' ? [{ type: r.type, ...r.pricing }] : []));
    expect(fixed.every((f) => f.withinAlwaysFree)).toBe(true);
    const polling = fixed.filter((f) => f.type === 'AWS::Lambda::EventSourceMapping');
    expect(polling).toHaveLength(1);
    expect(polling[0]?.monthlyUsd).toBeCloseTo(IDLE_SQS_POLLS_PER_MONTH * 0.4e-6, 9);
    expect(IDLE_SQS_POLLS_PER_MONTH).toBeLessThan(1e6);
  });

  it('prices every opt-in option, and enterprise sign-in adds its conditioned identity provider', () => {
    const base = fixedMonthlyCost(template, DEFAULT_INSTALLATION.parameters);
    for (const option of optInOptions) {
      const cost = fixedMonthlyCost(template, option.parameters);
      expect(cost.afterAlwaysFreeUsd, option.id).toBe(0);
      const added = cost.resources.filter((r) => !base.resources.some((b) => b.logicalId === r.logicalId)).map((r) => r.type);
      expect(added, option.id).toEqual(option.id === 'saml' || option.id === 'oidc' ? ['AWS::Cognito::UserPoolIdentityProvider'] : []);
    }
  });
});
