import { ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetState } from '../../../functions/flags/definitions-cache.js';
import type { FlagDefinition } from '../../../functions/flags/model.js';
import { createFlagClient, type FlagClient, flagContextOf } from '../../../functions/flags/provider.js';
import { aFlag, everyone } from './builders.js';

const fleet: FleetState = { flags: [], flagsVersion: 3, plan: 'pro', features: ['audit-export'], ring: 1, installationId: 'inst_aaaaaaaaaaaaaaaaaaaa' };
const installationFlags: FlagDefinition[] = [
  aFlag({ rules: [{ id: 'beta-testers', when: { groups: ['beta'] }, serve: { variant: 'on' } }] }),
  aFlag({
    key: 'exp_checkout_layout',
    variants: { classic: 'classic', wide: 'wide' },
    defaultVariant: 'classic',
    rules: [{ id: 'admins', when: { roles: ['admin'] }, serve: { variant: 'wide' } }],
  }),
  aFlag({
    key: 'ops_upload_limit_mb',
    variants: { small: 10, large: 100 },
    defaultVariant: 'small',
    rules: [{ id: 'ring-one', when: { rings: [1] }, serve: { variant: 'large' } }],
  }),
  aFlag({ key: 'tier_audit_stream', requiresFeature: 'support-access', rules: [everyone('all', 'on')] }),
];

let open: FlagClient | undefined;
let domains = 0;
async function client(store: { flags: FlagDefinition[]; failing?: boolean } = { flags: installationFlags }, license: FleetState = fleet) {
  open = await createFlagClient({
    domain: `test-${++domains}`,
    sources: {
      fleet: async () => license,
      installation: async () => {
        if (store.failing) throw new Error('store unreachable');
        return store.flags;
      },
    },
  });
  return open;
}
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('the OpenFeature provider, through the real SDK', () => {
  it('resolves a boolean flag with its variant, reason and explanation', async () => {
    const { client: flags } = await client();
    const details = await flags.getBooleanDetails('release_new_editor', false, { targetingKey: 'u-ada', groups: ['beta'] });
    expect(details).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(details.flagMetadata).toEqual({
      explanation: 'installation rule beta-testers (group beta)',
      layer: 'installation',
      ruleId: 'beta-testers',
      flagsVersion: 3,
    });
    expect(await flags.getBooleanValue('release_new_editor', true, { targetingKey: 'u-bob', groups: ['staff'] })).toBe(false);
  });

  it('resolves string and number flags, with the installation’s ring from the license', async () => {
    const { client: flags } = await client();
    expect(await flags.getStringValue('exp_checkout_layout', 'x', { targetingKey: 'u-ada', role: 'admin' })).toBe('wide');
    expect(await flags.getStringValue('exp_checkout_layout', 'x', { targetingKey: 'u-ada', role: 'member' })).toBe('classic');
    expect(await flags.getNumberValue('ops_upload_limit_mb', 0, {})).toBe(100);
  });

  it('serves the caller’s default for a flag of another type, an object, or an unknown flag', async () => {
    const { client: flags } = await client();
    expect(await flags.getStringDetails('release_new_editor', 'fallback', {})).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect(await flags.getObjectDetails('release_new_editor', { a: 1 }, {})).toMatchObject({ value: { a: 1 }, errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await flags.getBooleanDetails('release_nothing', true, {})).toMatchObject({ value: true, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
  });

  it('takes the plan, features and ring from the license, never from the evaluation context', async () => {
    const { client: flags } = await client();
    const widened = { targetingKey: 'u-ada', plan: 'enterprise', features: ['support-access'], ring: 0 };
    expect(await flags.getBooleanDetails('tier_audit_stream', true, widened)).toMatchObject({ value: false, reason: 'NOT_ENTITLED' });
    expect(flagContextOf(widened, fleet)).toEqual({
      userId: 'u-ada',
      groups: [],
      plan: 'pro',
      features: ['audit-export'],
      ring: 1,
      installationId: 'inst_aaaaaaaaaaaaaaaaaaaa',
    });
  });

  it('reads only well-formed attributes from the context', () => {
    expect(flagContextOf({ targetingKey: '', groups: ['beta', 3, true], role: 'superuser' }, fleet)).toEqual({
      groups: ['beta'],
      plan: 'pro',
      features: ['audit-export'],
      ring: 1,
      installationId: 'inst_aaaaaaaaaaaaaaaaaaaa',
    });
  });

  it('evaluates every flag for /api/me as values only, never rules', async () => {
    const { evaluateAll } = await client();
    const values = await evaluateAll({ targetingKey: 'u-ada', groups: ['beta'], role: 'admin' });
    expect(values).toEqual({ release_new_editor: true, exp_checkout_layout: 'wide', ops_upload_limit_mb: 100, tier_audit_stream: false });
  });

  it('starts with the store down, serves defaults meanwhile, and recovers without a restart', async () => {
    const store = { flags: installationFlags, failing: true };
    const { client: flags } = await client(store);
    expect(await flags.getBooleanDetails('release_new_editor', false, { targetingKey: 'u-ada', groups: ['beta'] })).toMatchObject({
      value: false,
      reason: 'ERROR',
    });
    store.failing = false;
    expect(await flags.getBooleanValue('release_new_editor', false, { targetingKey: 'u-ada', groups: ['beta'] })).toBe(true);
  });

  it('puts an admin’s change in force once reloaded, and unbinds its domain on close', async () => {
    const store = { flags: installationFlags };
    const opened = await client(store);
    store.flags = [aFlag({ killed: true, rules: [everyone('all', 'on')] })];
    await opened.provider.cache.refreshNow();
    expect(await opened.client.getBooleanDetails('release_new_editor', true, { targetingKey: 'u-ada' })).toMatchObject({ value: false, reason: 'DISABLED' });
    const domain = opened.client.metadata.domain as string;
    await opened.close();
    open = undefined;
    expect(OpenFeature.getProviderMetadata(domain).name).not.toBe('ownstack-flags');
  });
});
