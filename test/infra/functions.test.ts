/**
 * One Lambda per catalog entry (plus the upgrade pipeline's step, declared the same way
 * beside its construct), all built from the same defaults: latest Node.js on arm64,
 * traced, with the catalog's memory and timeout, an own log group with retention, and the
 * Powertools settings. Derived from functionCatalog, so a new entry is checked too.
 */
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { UPGRADE_STEP_FUNCTION } from '../../lib/constructs/upgrade-pipeline.js';
import { resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const ours = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Runtime?.startsWith('nodejs'));
const byDescription = new Map(ours.map(([, fn]) => [fn.Properties.Description, fn]));
const catalog = [...Object.entries(functionCatalog), ['upgradePipeline', UPGRADE_STEP_FUNCTION] as const];

describe('the catalog functions', () => {
  it('are one Lambda function per catalog entry', () => {
    expect(ours).toHaveLength(catalog.length);
    expect([...byDescription.keys()].sort()).toEqual(catalog.map(([, declaration]) => declaration.description).sort());
  });

  it.each(catalog)('%s runs on Node.js 24 on arm64 with active tracing', (_name, declaration) => {
    const fn = byDescription.get(declaration.description);
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it.each(catalog)("%s has the catalog's memory and timeout", (_name, declaration) => {
    const fn = byDescription.get(declaration.description);
    expect(fn.Properties.MemorySize).toBe(declaration.memoryMb);
    expect(fn.Properties.Timeout).toBe(declaration.timeoutSeconds);
  });

  it.each(catalog)('%s logs JSON to its own log group, kept for LogRetentionDays', (_name, declaration) => {
    const fn = byDescription.get(declaration.description);
    expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
  });

  it.each(catalog)('%s carries the Powertools settings and the product version', (name, declaration) => {
    const variables = byDescription.get(declaration.description).Properties.Environment.Variables;
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      POWERTOOLS_METRICS_NAMESPACE: 'Ownstack',
      OWNSTACK_VERSION: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it.each(catalog)('%s is told only the resources its access declares', (_name, declaration) => {
    const variables = Object.keys(byDescription.get(declaration.description).Properties.Environment.Variables);
    const access: { table?: string; sendJobs?: boolean; putEvents?: boolean; manageUsers?: boolean } = declaration.access;
    expect(variables.includes('TABLE_NAME')).toBe(Boolean(access.table));
    expect(variables.includes('JOB_QUEUE_URL')).toBe(Boolean(access.sendJobs));
    expect(variables.includes('EVENT_BUS_NAME')).toBe(Boolean(access.putEvents));
    expect(variables.includes('USER_POOL_ID')).toBe(Boolean(access.manageUsers));
  });

  it.each([
    ['INITIAL_OWNER_EMAIL', 'InitialOwnerEmail'],
    ['IDP_GROUP_ROLE_MAPPING', 'IdpGroupRoleMapping'],
    ['REQUIRE_MFA_FOR_ADMIN', 'RequireMfaForAdmin'],
  ])('gives the API function %s from the %s parameter', (variable, parameter) => {
    const api = byDescription.get(functionCatalog.api.description);
    expect(api.Properties.Environment.Variables[variable]).toEqual({ Ref: parameter });
  });

  it('gives the token enricher the MfaPolicy parameter as MFA_POLICY', () => {
    const enricher = byDescription.get(functionCatalog.tokenEnricher.description);
    expect(enricher.Properties.Environment.Variables.MFA_POLICY).toEqual({ Ref: 'MfaPolicy' });
  });

  it('has no reserved or provisioned concurrency, which would cost while idle', () => {
    for (const [, fn] of ours) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::Version', 0);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
  });
});
