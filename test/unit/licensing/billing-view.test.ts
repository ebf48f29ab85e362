import { describe, expect, it } from 'vitest';
import { returnOrigin } from '../../../functions/licensing/billing-actions.js';
import { type BillingInputs, billingViewOf, daysLeft } from '../../../functions/licensing/billing-view.js';
import type { LicenseClaims } from '../../../functions/licensing/claims.js';
import type { Config } from '../../../functions/platform/config.js';
import { PLANS } from '../../../functions/vendor/plans.js';
import { claimsFor } from '../../support/licenses.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const connection = { installationId: 'inst_0123456789abcdefghij', signingKey: 'k', controlPlaneUrl: 'https://cp.example.com', connectedAt: NOW.toISOString() };
const inputs = (over: Partial<BillingInputs> = {}, claims?: Partial<LicenseClaims>): BillingInputs => ({
  now: NOW,
  state: {
    sync: {},
    connection,
    ...(claims ? { license: { token: 't', claims: claimsFor(claims, NOW), receivedAt: NOW.toISOString(), source: 'sync' } } : {}),
  },
  controlPlaneConfigured: true,
  telemetry: 'on',
  seats: { activeUsers: 3, openInvitations: 1, used: 4 },
  usage: { projects: 2, documents: 10, storageBytes: 5 },
  apiCallsThisMonth: 1234,
  apiCallsDaily: [],
  ...over,
});

describe('billingViewOf', () => {
  it('offers the trial and Checkout on the free plan, the portal once subscribed, never a second Checkout during a trial', () => {
    expect(billingViewOf(inputs({}, { ...PLANS.free.grant })).actions).toEqual({
      activate: false,
      startTrial: true,
      checkout: true,
      portal: false,
      refresh: true,
    });
    expect(billingViewOf(inputs({}, { status: 'trialing', trialEndsAt: '2026-12-01T00:00:00.000Z' })).actions).toMatchObject({
      startTrial: false,
      checkout: false,
      portal: true,
    });
    expect(billingViewOf(inputs({}, { status: 'active' })).actions).toMatchObject({ checkout: false, portal: true });
    expect(billingViewOf(inputs({}, { status: 'canceled' })).actions).toMatchObject({ checkout: true, portal: true });
  });

  it('offers only activation before connecting, and nothing without a control plane', () => {
    const notConnected = inputs({ state: { sync: {} } });
    expect(billingViewOf(notConnected).actions).toEqual({ activate: true, startTrial: false, checkout: false, portal: false, refresh: false });
    expect(billingViewOf({ ...notConnected, controlPlaneConfigured: false }).actions).toEqual({
      activate: false,
      startTrial: false,
      checkout: false,
      portal: false,
      refresh: false,
    });
  });

  it('says unreachable when the last attempt failed after the last success, connected otherwise', () => {
    const failed = inputs({ state: { connection, sync: { lastSyncAt: '2026-11-24T08:00:00Z', lastAttemptAt: '2026-11-24T09:00:00Z', lastError: 'down' } } });
    expect(billingViewOf(failed).connection).toMatchObject({ state: 'unreachable', lastError: 'down' });
    const partial = inputs({
      state: { connection, sync: { lastSyncAt: '2026-11-24T09:00:00Z', lastAttemptAt: '2026-11-24T09:00:00Z', lastError: 'usage refused' } },
    });
    expect(billingViewOf(partial).connection.state).toBe('connected');
  });

  it('shows usage against the quotas in force and the license state', () => {
    const view = billingViewOf(inputs({}, { status: 'active' }));
    expect(view).toMatchObject({ plan: 'pro', license: { state: 'valid' }, seats: { used: 4, limit: 100 } });
    expect(view.usage).toEqual({
      projects: { used: 2, limit: PLANS.pro.grant.quotas.projects },
      documents: { used: 10, limit: PLANS.pro.grant.quotas.documents },
      storageBytes: { used: 5, limit: PLANS.pro.grant.quotas.storageBytes },
      apiCallsThisMonth: { used: 1234, limit: PLANS.pro.grant.quotas.apiCallsPerMonth },
    });
    expect(
      billingViewOf(inputs({ state: { sync: {}, lastRejection: { reason: 'bad-signature', at: NOW.toISOString(), source: 'sync' } } })).license.state,
    ).toBe('rejected');
  });

  it('counts days left rounded up, never below zero', () => {
    expect(daysLeft('2026-11-24T12:00:00.000Z', NOW)).toBe(1);
    expect(daysLeft('2026-11-23T12:00:00.000Z', NOW)).toBe(0);
  });
});

describe('returnOrigin', () => {
  const services = { config: { WEB_ORIGIN: 'https://app.example.com/' } as Config };
  it('is always the installation’s own origin, whatever the request claims', () => {
    expect(returnOrigin(services, 'https://app.example.com')).toBe('https://app.example.com');
    expect(returnOrigin(services, 'https://evil.example.net')).toBe('https://app.example.com');
    expect(returnOrigin(services, 'https://app.example.com.evil.net')).toBe('https://app.example.com');
    expect(returnOrigin(services, 'javascript:alert(1)')).toBe('https://app.example.com');
    expect(returnOrigin(services, undefined)).toBe('https://app.example.com');
  });
  it('refuses to build a return URL without a configured web origin', () => {
    expect(() => returnOrigin({ config: {} as Config }, 'https://app.example.com')).toThrow(/WEB_ORIGIN/);
  });
});
