import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { FlagDefinition } from '../../../../functions/flags/model.js';
import { LICENSE_AUDIENCE, LICENSE_ISSUER, LICENSE_TTL_SECONDS, licenseClaimsSchema } from '../../../../functions/licensing/claims.js';
import { verifyLicense } from '../../../../functions/licensing/verify.js';
import { issueLicense } from '../../../../functions/vendor/licenses/issue.js';
import { signLicense } from '../../../../functions/vendor/licenses/sign.js';
import { generateSigningKey, importSigningKey } from '../../../../functions/vendor/licenses/signing-key.js';
import { PLANS } from '../../../../functions/vendor/plans.js';
import type { SubscriptionState } from '../../../../functions/vendor/subscription.js';

const now = new Date('2026-11-24T10:00:00.000Z');
const installation = { installationId: 'inst_01jxyzabcdefghjkmnpqrstvwx', ring: 1 as const, channel: 'beta' as const };
const noFlags = { flags: [], flagsVersion: 0 };

function subscription(overrides: Partial<SubscriptionState>): SubscriptionState {
  return {
    installationId: installation.installationId,
    stripeCustomerId: 'cus_1',
    plan: 'pro',
    status: 'active',
    seatsBilled: 12,
    syncedAt: now.toISOString(),
    ...overrides,
  };
}

describe('issueLicense', () => {
  it('grants the free plan, active, to an installation without a subscription', () => {
    const claims = issueLicense({ installation, subscription: undefined, fleet: noFlags, now, jti: 'l1' });
    expect(claims).toMatchObject({
      iss: LICENSE_ISSUER,
      aud: LICENSE_AUDIENCE,
      sub: installation.installationId,
      plan: 'free',
      status: 'active',
      ring: 1,
      channel: 'beta',
    });
    expect(claims.exp - claims.iat).toBe(LICENSE_TTL_SECONDS);
    expect(claims.fallback).toEqual(PLANS.free.grant);
    expect(claims.quotas).toEqual(PLANS.free.grant.quotas);
  });

  it('carries the trial end while trialing, and not otherwise', () => {
    const trialEndsAt = '2026-12-08T10:00:00.000Z';
    expect(issueLicense({ installation, subscription: subscription({ status: 'trialing', trialEndsAt }), fleet: noFlags, now, jti: 'l2' })).toMatchObject({
      plan: 'pro',
      status: 'trialing',
      trialEndsAt,
    });
    expect(issueLicense({ installation, subscription: subscription({ trialEndsAt }), fleet: noFlags, now, jti: 'l3' }).trialEndsAt).toBeUndefined();
  });

  it('keeps the paid plan with its grace end while past_due (the installation applies the fallback after it)', () => {
    const graceEndsAt = '2026-12-01T00:00:00.000Z';
    const claims = issueLicense({
      installation,
      subscription: subscription({ plan: 'enterprise', status: 'past_due', graceEndsAt }),
      fleet: noFlags,
      now,
      jti: 'l4',
    });
    expect(claims).toMatchObject({ plan: 'enterprise', status: 'past_due', graceEndsAt, fallback: PLANS.free.grant });
    expect(claims.features).toEqual(PLANS.enterprise.grant.features);
  });

  it('grants the seats paid for when they exceed the plan cap', () => {
    expect(issueLicense({ installation, subscription: subscription({ seatsBilled: 250 }), fleet: noFlags, now, jti: 'l5' }).seats).toBe(250);
    expect(issueLicense({ installation, subscription: subscription({ seatsBilled: 3 }), fleet: noFlags, now, jti: 'l6' }).seats).toBe(PLANS.pro.grant.seats);
  });

  it('treats a customer without a subscription (status none) as free', () => {
    expect(issueLicense({ installation, subscription: subscription({ plan: 'free', status: 'none' }), fleet: noFlags, now, jti: 'l7' })).toMatchObject({
      plan: 'free',
      status: 'active',
    });
  });

  it('carries the fleet flags and their version', () => {
    const flag: FlagDefinition = {
      key: 'release_new_editor',
      description: 'The new editor',
      owner: 'editor-team',
      createdAt: '2026-11-01',
      expiresAt: '2027-02-01',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      rules: [{ id: 'beta', when: { rings: [0, 1] }, serve: { variant: 'on' } }],
      killed: false,
      version: 3,
    };
    const claims = issueLicense({ installation, subscription: undefined, fleet: { flags: [flag], flagsVersion: 17 }, now, jti: 'l8' });
    expect(claims.flags).toEqual([flag]);
    expect(claims.flagsVersion).toBe(17);
  });
});

describe('signing and verifying a license', () => {
  it('round-trips: jose verifies the signature with the public key and the claims parse', async () => {
    const generated = await generateSigningKey();
    const key = await importSigningKey(JSON.stringify(generated.privateJwk));
    const claims = issueLicense({
      installation,
      subscription: subscription({ status: 'trialing', trialEndsAt: '2026-12-08T10:00:00.000Z' }),
      fleet: noFlags,
      now,
      jti: 'r1',
    });
    const token = await signLicense(claims, key);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet({ keys: [generated.publicJwk] }), {
      issuer: LICENSE_ISSUER,
      audience: LICENSE_AUDIENCE,
      typ: 'ownstack-license+jwt',
      algorithms: ['EdDSA'],
      currentDate: now,
    });
    expect(protectedHeader.kid).toBe(generated.kid);
    expect(licenseClaimsSchema.parse(payload)).toEqual(claims);
    expect(generated.publicJwk).not.toHaveProperty('d');
  });

  it('is rejected by the installation when tampered with or signed by another key', async () => {
    const [ours, theirs] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const claims = issueLicense({ installation, subscription: undefined, fleet: noFlags, now, jti: 'r2' });
    const token = await signLicense(claims, await importSigningKey(JSON.stringify(ours.privateJwk)));
    const [header, , signature] = token.split('.');
    const upgraded = Buffer.from(JSON.stringify({ ...claims, plan: 'enterprise' })).toString('base64url');
    const publicKey = await import('jose').then((j) => j.importJWK(ours.publicJwk, 'EdDSA'));
    expect(await verifyLicense(`${header}.${upgraded}.${signature}`, publicKey, { now })).toEqual({ ok: false, reason: 'bad-signature' });
    const foreign = await signLicense(claims, await importSigningKey(JSON.stringify(theirs.privateJwk)));
    expect(await verifyLicense(foreign, publicKey, { now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyLicense(token, publicKey, { now, installationId: installation.installationId })).toMatchObject({ ok: true });
  });

  it('refuses to import anything but an Ed25519 private JWK', async () => {
    const generated = await generateSigningKey();
    await expect(importSigningKey(JSON.stringify(generated.publicJwk))).rejects.toThrow(/Ed25519 private JWK/);
    await expect(importSigningKey('not json')).rejects.toThrow(/not a JWK/);
  });
});
