import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../functions/flags/bucket.js';
import { evaluateFlag, type FlagLayers } from '../../../functions/flags/evaluate.js';
import { aContext, aFlag, everyone } from './builders.js';

const NOT_ENTITLED = { requiresFeature: 'support-access' }; // the context's plan has audit-export only
const matching = (id: string, variant: string) => ({ id, when: { groups: ['staff'] }, serve: { variant } });
const noRuleMatches = [{ id: 'ring-zero', when: { rings: [0] }, serve: { variant: 'on' } }];

/** Two rungs of the chain at once: the higher one decides. */
const precedence: { name: string; layers: FlagLayers; variant: string; reason: string; layer?: string }[] = [
  {
    name: 'kill switch over entitlement',
    layers: { fleet: aFlag({ killed: true, ...NOT_ENTITLED, rules: [everyone('all', 'on')] }) },
    variant: 'off',
    reason: 'DISABLED',
  },
  {
    name: 'kill switch (installation) over installation rule',
    layers: { installation: aFlag({ killed: true, rules: [matching('staff', 'on')] }) },
    variant: 'off',
    reason: 'DISABLED',
  },
  {
    name: 'kill switch (installation) over fleet rule',
    layers: { fleet: aFlag({ rules: [everyone('all', 'on')] }), installation: aFlag({ killed: true }) },
    variant: 'off',
    reason: 'DISABLED',
  },
  {
    name: 'kill switch (fleet) over installation rule',
    layers: { fleet: aFlag({ killed: true, rules: [everyone('all', 'on')] }), installation: aFlag({ rules: [matching('staff', 'on')] }) },
    variant: 'off',
    reason: 'DISABLED',
  },
  {
    name: 'kill switch over default',
    layers: { fleet: aFlag({ killed: true, variants: { on: true, off: false }, defaultVariant: 'on' }) },
    variant: 'on',
    reason: 'DISABLED',
  },
  {
    name: 'entitlement over installation rule',
    layers: { installation: aFlag({ ...NOT_ENTITLED, rules: [matching('staff', 'on')] }) },
    variant: 'off',
    reason: 'NOT_ENTITLED',
  },
  {
    name: 'entitlement over fleet rule',
    layers: { fleet: aFlag({ ...NOT_ENTITLED, rules: [everyone('all', 'on')] }) },
    variant: 'off',
    reason: 'NOT_ENTITLED',
  },
  {
    name: 'entitlement (fleet) over installation rule',
    layers: { fleet: aFlag({ ...NOT_ENTITLED, rules: [everyone('all', 'on')] }), installation: aFlag({ rules: [matching('staff', 'on')] }) },
    variant: 'off',
    reason: 'NOT_ENTITLED',
  },
  { name: 'entitlement over default', layers: { fleet: aFlag(NOT_ENTITLED) }, variant: 'off', reason: 'NOT_ENTITLED' },
  {
    name: 'installation rule over fleet rule',
    layers: { fleet: aFlag({ rules: [everyone('all', 'on')] }), installation: aFlag({ rules: [matching('staff', 'off')] }) },
    variant: 'off',
    reason: 'TARGETING_MATCH',
    layer: 'installation',
  },
  {
    name: 'installation rule over default',
    layers: { installation: aFlag({ rules: [matching('staff', 'on')] }) },
    variant: 'on',
    reason: 'TARGETING_MATCH',
    layer: 'installation',
  },
  { name: 'fleet rule over default', layers: { fleet: aFlag({ rules: [everyone('all', 'on')] }) }, variant: 'on', reason: 'TARGETING_MATCH', layer: 'fleet' },
  { name: 'default when nothing matches', layers: { fleet: aFlag({ rules: noRuleMatches }), installation: aFlag() }, variant: 'off', reason: 'DEFAULT' },
];

describe('precedence: kill switch > entitlement > installation rule > fleet rule > default', () => {
  it.each(precedence)('$name', ({ layers, variant, reason, layer }) => {
    const result = evaluateFlag(layers, aContext());
    expect(result).toMatchObject({ variant, reason });
    expect(result?.layer).toBe(layer);
  });

  it('lets the same rules serve once the higher rung is lifted (each row above is a real contest)', () => {
    expect(evaluateFlag({ fleet: aFlag({ rules: [everyone('all', 'on')] }) }, aContext({ features: ['support-access'] }))?.variant).toBe('on');
    expect(evaluateFlag({ fleet: aFlag({ ...NOT_ENTITLED, rules: [everyone('all', 'on')] }) }, aContext({ features: ['support-access'] }))?.variant).toBe('on');
    expect(evaluateFlag({ fleet: aFlag({ rules: [everyone('all', 'on')] }), installation: aFlag() }, aContext())).toMatchObject({
      variant: 'on',
      layer: 'fleet',
    });
  });

  it('knows no flag that neither layer defines', () => {
    expect(evaluateFlag({}, aContext())).toBeUndefined();
  });
});

describe('an installation flag narrows a fleet flag, never widens it', () => {
  const fleetForRingOne = aFlag({ rules: [{ id: 'beta-ring', when: { rings: [1] }, serve: { variant: 'on' } }] });
  const betaTesters = aFlag({ rules: [{ id: 'beta-testers', when: { groups: ['beta'] }, serve: { variant: 'on' } }] });

  it('holds an installation rule to the default where the vendor has not released the flag', () => {
    const result = evaluateFlag({ fleet: fleetForRingOne, installation: betaTesters }, aContext({ ring: 2, groups: ['beta'] }));
    expect(result).toMatchObject({ variant: 'off', value: false, reason: 'DEFAULT' });
    expect(result?.explanation).toBe(
      'installation rule beta-testers would serve "on", but the fleet flag is not released here (default "off": no rule matched): default "off"',
    );
  });

  it('lets it serve any variant where the vendor has released it', () => {
    expect(evaluateFlag({ fleet: fleetForRingOne, installation: betaTesters }, aContext({ ring: 1, groups: ['beta'] }))).toMatchObject({
      variant: 'on',
      layer: 'installation',
      ruleId: 'beta-testers',
    });
  });

  it('lets it hold back users the fleet flag would serve (narrowing)', () => {
    const notContractors = aFlag({ rules: [{ id: 'no-contractors', when: { groups: ['contractors'] }, serve: { variant: 'off' } }] });
    const layers = { fleet: fleetForRingOne, installation: notContractors };
    expect(evaluateFlag(layers, aContext({ ring: 1, groups: ['contractors'] }))).toMatchObject({ variant: 'off', layer: 'installation' });
    expect(evaluateFlag(layers, aContext({ ring: 1, groups: ['staff'] }))).toMatchObject({ variant: 'on', layer: 'fleet' });
  });

  it('counts a fleet rule that serves the default as not released', () => {
    const fleet = aFlag({ rules: [everyone('all-off', 'off')] });
    expect(evaluateFlag({ fleet, installation: betaTesters }, aContext({ groups: ['beta'] }))).toMatchObject({ variant: 'off', reason: 'DEFAULT' });
  });

  it('follows a fleet rollout by installation: released to installations in it, not to the others', () => {
    const fleet = aFlag({ rules: [{ id: 'fleet-half', when: {}, serve: { rollout: { percentage: 50, variant: 'on', stickiness: 'installationId' } } }] });
    const installations = Array.from({ length: 40 }, (_, i) => `inst_${String(i).padStart(20, '0')}`);
    const inside = installations.filter((id) => bucketOf(fleet.key, id) < 50_000);
    const outside = installations.filter((id) => bucketOf(fleet.key, id) >= 50_000);
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    const staffOff = aFlag({ rules: [matching('staff', 'off'), { id: 'beta', when: { groups: ['beta'] }, serve: { variant: 'on' } }] });
    for (const installationId of inside) {
      expect(evaluateFlag({ fleet, installation: staffOff }, aContext({ installationId, groups: ['beta'] }))?.variant).toBe('on');
      expect(evaluateFlag({ fleet, installation: staffOff }, aContext({ installationId, groups: ['staff'] }))?.variant).toBe('off');
    }
    for (const installationId of outside) {
      expect(evaluateFlag({ fleet, installation: staffOff }, aContext({ installationId, groups: ['beta'] }))?.variant).toBe('off');
    }
  });

  it('uses the fleet flag’s variants and default, and skips installation rules naming a variant it lacks', () => {
    const fleet = aFlag({
      key: 'exp_layout',
      variants: { classic: 'classic', compact: 'compact' },
      defaultVariant: 'classic',
      rules: [everyone('all', 'compact')],
    });
    const installation = aFlag({
      key: 'exp_layout',
      variants: { classic: 'classic', wide: 'wide', compact: 'compact' },
      defaultVariant: 'wide',
      rules: [matching('wide-for-staff', 'wide')],
    });
    const result = evaluateFlag({ fleet, installation }, aContext());
    expect(result).toMatchObject({ variant: 'compact', value: 'compact', layer: 'fleet' });
  });

  it('cannot enable a feature the plan lacks, whichever layer asks for it', () => {
    const fleet = aFlag({ requiresFeature: 'support-access', rules: [everyone('all', 'on')] });
    expect(evaluateFlag({ fleet, installation: aFlag({ rules: [matching('staff', 'on')] }) }, aContext())?.reason).toBe('NOT_ENTITLED');
    expect(
      evaluateFlag({ fleet: aFlag({ rules: [everyone('all', 'on')] }), installation: aFlag({ requiresFeature: 'support-access' }) }, aContext())?.reason,
    ).toBe('NOT_ENTITLED');
  });
});

describe('targeting', () => {
  const only = (when: object) => ({ installation: aFlag({ rules: [{ id: 'target', when, serve: { variant: 'on' } }] }) });
  const served = (when: object, context = aContext()) => evaluateFlag(only(when), context)?.variant === 'on';

  it.each([
    ['users', { users: ['u-bob', 'u-ada'] }, { users: ['u-bob'] }],
    ['groups', { groups: ['beta', 'staff'] }, { groups: ['beta'] }],
    ['roles', { roles: ['admin', 'member'] }, { roles: ['owner', 'admin'] }],
    ['plans', { plans: ['pro', 'enterprise'] }, { plans: ['free'] }],
    ['installations', { installations: ['inst_aaaaaaaaaaaaaaaaaaaa'] }, { installations: ['inst_bbbbbbbbbbbbbbbbbbbb'] }],
    ['rings', { rings: [1, 2] }, { rings: [0] }],
  ])('targets by %s: any listed value matches', (_, hit, miss) => {
    expect(served(hit)).toBe(true);
    expect(served(miss)).toBe(false);
  });

  it('requires every listed condition to hold', () => {
    expect(served({ groups: ['staff'], rings: [2], plans: ['pro'] })).toBe(true);
    expect(served({ groups: ['staff'], rings: [1] })).toBe(false);
  });

  it('matches everyone with no condition, and no one with an emptied list', () => {
    expect(served({})).toBe(true);
    expect(served({ users: [] })).toBe(false);
    expect(served({ groups: [] })).toBe(false);
  });

  it('never matches a user, role or installation condition for a context without one', () => {
    expect(served({ users: ['u-ada'] }, aContext({ userId: undefined }))).toBe(false);
    expect(served({ roles: ['member'] }, aContext({ role: undefined }))).toBe(false);
    expect(served({ installations: ['inst_aaaaaaaaaaaaaaaaaaaa'] }, aContext({ installationId: undefined }))).toBe(false);
  });

  it('takes the first matching rule, in order', () => {
    const flag = aFlag({ rules: [matching('staff-off', 'off'), everyone('all-on', 'on')] });
    expect(evaluateFlag({ installation: flag }, aContext())).toMatchObject({ variant: 'off', ruleId: 'staff-off' });
    expect(evaluateFlag({ installation: flag }, aContext({ groups: [] }))).toMatchObject({ variant: 'on', ruleId: 'all-on' });
  });

  it('falls through a rollout rule whose bucket is out to the next rule', () => {
    const rollout = (percentage: number) => ({ id: 'gradual', when: {}, serve: { rollout: { percentage, variant: 'on', stickiness: 'userId' } } });
    const users = Array.from({ length: 200 }, (_, i) => `u-${i}`);
    const out = users.find((u) => bucketOf('release_new_editor', u) >= 10_000) as string;
    const flag = aFlag({ rules: [rollout(10), { id: 'staff', when: { groups: ['staff'] }, serve: { variant: 'on' } }] });
    expect(evaluateFlag({ fleet: flag }, aContext({ userId: out }))).toMatchObject({ variant: 'on', ruleId: 'staff', reason: 'TARGETING_MATCH' });
    expect(evaluateFlag({ fleet: flag }, aContext({ userId: out, groups: [] }))).toMatchObject({ variant: 'off', reason: 'DEFAULT' });
  });

  it('does not roll out to a context without the stickiness attribute', () => {
    const flag = aFlag({ rules: [{ id: 'everyone', when: {}, serve: { rollout: { percentage: 100, variant: 'on', stickiness: 'userId' } } }] });
    const result = evaluateFlag({ fleet: flag }, aContext({ userId: undefined }));
    expect(result).toMatchObject({ variant: 'off', reason: 'DEFAULT' });
    expect(result?.explanation).toBe('default "off": fleet rule everyone rolls out by userId, which this context lacks');
    expect(evaluateFlag({ fleet: flag }, aContext())).toMatchObject({ variant: 'on', reason: 'SPLIT' });
  });
});

describe('multivariate flags', () => {
  const layout = aFlag({
    key: 'exp_checkout_layout',
    variants: { classic: 'classic', compact: 'compact', wide: 'wide' },
    defaultVariant: 'classic',
    rules: [
      { id: 'admins-wide', when: { roles: ['admin', 'owner'] }, serve: { variant: 'wide' } },
      { id: 'third-compact', when: {}, serve: { rollout: { percentage: 33.3, variant: 'compact', stickiness: 'userId' } } },
    ],
  });

  it('serves the string value of the variant each rule names', () => {
    expect(evaluateFlag({ installation: layout }, aContext({ role: 'admin' }))).toMatchObject({ variant: 'wide', value: 'wide' });
    const users = Array.from({ length: 3000 }, (_, i) => `u-${i}`);
    const values = users.map((userId) => evaluateFlag({ installation: layout }, aContext({ userId }))?.value);
    const compact = values.filter((v) => v === 'compact').length / users.length;
    expect(compact).toBeGreaterThan(0.3);
    expect(compact).toBeLessThan(0.37);
    expect(new Set(values)).toEqual(new Set(['classic', 'compact']));
  });

  it('serves numbers', () => {
    const limit = aFlag({
      key: 'ops_upload_limit_mb',
      variants: { small: 10, large: 100 },
      defaultVariant: 'small',
      rules: [{ id: 'enterprise', when: { plans: ['enterprise'] }, serve: { variant: 'large' } }],
    });
    expect(evaluateFlag({ fleet: limit }, aContext({ plan: 'enterprise' }))?.value).toBe(100);
    expect(evaluateFlag({ fleet: limit }, aContext())?.value).toBe(10);
  });
});

describe('explanations', () => {
  it('names the layer, the rule and the values that matched', () => {
    const flag = aFlag({ rules: [{ id: 'beta-testers', when: { groups: ['qa', 'beta'], rings: [2] }, serve: { variant: 'on' } }] });
    expect(evaluateFlag({ installation: flag }, aContext({ groups: ['staff', 'beta'] }))?.explanation).toBe(
      'installation rule beta-testers (group beta, ring 2)',
    );
    expect(evaluateFlag({ fleet: aFlag({ rules: [everyone('all', 'on')] }) }, aContext())?.explanation).toBe('fleet rule all (everyone)');
  });

  it('gives the bucket of a rollout, in or out', () => {
    const flag = aFlag({ rules: [{ id: 'gradual', when: { rings: [2] }, serve: { rollout: { percentage: 25, variant: 'on', stickiness: 'userId' } } }] });
    const bucket = bucketOf(flag.key, 'u-ada');
    const result = evaluateFlag({ fleet: flag }, aContext());
    expect(result?.explanation).toBe(
      bucket < 25_000
        ? `fleet rule gradual (ring 2; in the 25% rollout by userId, bucket ${bucket} < 25000)`
        : `default "off": not in the rollout of fleet rule gradual (bucket ${bucket} ≥ 25000 by userId)`,
    );
  });

  it('says killed, not entitled, or no rule matched', () => {
    expect(evaluateFlag({ fleet: aFlag({ killed: true }) }, aContext())?.explanation).toBe('killed in the fleet flag: default "off"');
    expect(evaluateFlag({ installation: aFlag({ killed: true }) }, aContext())?.explanation).toBe('killed in the installation flag: default "off"');
    expect(evaluateFlag({ fleet: aFlag(NOT_ENTITLED) }, aContext({ plan: 'free' }))?.explanation).toBe(
      'not entitled: plan free does not include support-access: default "off"',
    );
    expect(evaluateFlag({ fleet: aFlag({ rules: noRuleMatches }) }, aContext())?.explanation).toBe('default "off": no rule matched');
  });
});
