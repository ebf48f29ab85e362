/**
 * Licensing and telemetry in the AppStack: the three parameters (the vendor's real public
 * key as default, no control plane, telemetry on) in their console group, passed to the
 * API and the job worker; the hourly sync rule; and no new AWS grant for it (the worker
 * reaches the control plane over plain outbound HTTPS).
 */
import { describe, expect, it } from 'vitest';
import { functionCatalog, scheduledJobs } from '../../functions/catalog.js';
import { parseQueueMessage } from '../../functions/jobs/messages.js';
import { SYNC_LICENSE_JOB_TYPE } from '../../functions/licensing/sync-job.js';
import { DEFAULT_VENDOR_PUBLIC_KEY } from '../../functions/licensing/vendor-public-key.js';
import { loadConfig } from '../../functions/platform/config.js';
import { resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const json = template.toJSON();
const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const byDescription = new Map(functions.map(([, fn]) => [fn.Properties.Description, fn]));

describe('licensing parameters', () => {
  it('default to the vendor’s public key, no control plane and telemetry on, in one console group', () => {
    expect(json.Parameters.VendorPublicKey.Default).toBe(DEFAULT_VENDOR_PUBLIC_KEY);
    expect(JSON.parse(DEFAULT_VENDOR_PUBLIC_KEY)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(JSON.parse(DEFAULT_VENDOR_PUBLIC_KEY)).not.toHaveProperty('d');
    expect(json.Parameters.ControlPlaneUrl.Default).toBe('');
    expect(json.Parameters.Telemetry).toMatchObject({ Default: 'on', AllowedValues: ['on', 'off'] });
    const groups = json.Metadata['AWS::CloudFormation::Interface'].ParameterGroups as { Label: { default: string }; Parameters: string[] }[];
    expect(groups.find((g) => g.Label.default === 'Licensing and telemetry')?.Parameters).toEqual(['ControlPlaneUrl', 'VendorPublicKey', 'Telemetry']);
  });

  it('the ControlPlaneUrl pattern takes https URLs and empty, nothing else', () => {
    const pattern = new RegExp(json.Parameters.ControlPlaneUrl.AllowedPattern);
    for (const ok of ['', 'https://cp.ownstack.example', 'https://abc.execute-api.eu-west-1.amazonaws.com/prod']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['http://cp.ownstack.example', 'https://user@cp.example', 'https://cp.example/?x=1', 'cp.example'])
      expect(pattern.test(bad), bad).toBe(false);
  });

  it.each([
    ['CONTROL_PLANE_URL', 'ControlPlaneUrl'],
    ['VENDOR_PUBLIC_KEY', 'VendorPublicKey'],
    ['TELEMETRY', 'Telemetry'],
  ])('gives the API and the job worker %s from the %s parameter', (variable, parameter) => {
    for (const fn of [functionCatalog.api, functionCatalog.jobWorker]) {
      expect(byDescription.get(fn.description).Properties.Environment.Variables[variable]).toEqual({ Ref: parameter });
    }
  });

  it("gives the API the app's own origin as WEB_ORIGIN (redirects back from Stripe)", () => {
    const origin = byDescription.get(functionCatalog.api.description).Properties.Environment.Variables.WEB_ORIGIN;
    expect(JSON.stringify(origin)).toMatch(/DomainName/);
  });

  it('the parameter defaults make a valid configuration (an empty ControlPlaneUrl is "not connected")', () => {
    const config = loadConfig({ TABLE_NAME: 'table', CONTROL_PLANE_URL: '', VENDOR_PUBLIC_KEY: json.Parameters.VendorPublicKey.Default, TELEMETRY: 'on' });
    expect(config.CONTROL_PLANE_URL).toBeUndefined();
    expect(config.TELEMETRY).toBe('on');
    expect(() => loadConfig({ TABLE_NAME: 'table', CONTROL_PLANE_URL: 'http://cp.example' })).toThrow(/CONTROL_PLANE_URL/);
  });
});

describe('the hourly sync', () => {
  it('is a schedule rule putting the sync-license job on the job queue every hour', () => {
    const job = scheduledJobs.find((j) => j.message.type === SYNC_LICENSE_JOB_TYPE);
    expect(job?.everyHours).toBe(1);
    const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.Description === job?.description);
    expect(rules).toHaveLength(1);
    const [[, rule] = []] = rules;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(parseQueueMessage(rule.Properties.Targets[0].Input)).toMatchObject({ kind: 'job', type: SYNC_LICENSE_JOB_TYPE });
  });
});
