/**
 * The billing page's view (`BillingView`): the connection, the license and what is in
 * force, seats and usage against the quotas, and which buttons may be used now. Read
 * fresh (not through the entitlements cache): an admin who just refreshed sees the result.
 * `billingViewOf` is pure; `loadBillingView` gathers its inputs (a handful of reads).
 */
import { type Entitlements, entitlementsAt } from '../entitlements/domain.js';
import type { SeatUse } from '../entitlements/seats.js';
import type { Usage } from '../entitlements/usage.js';
import type { Services } from '../services.js';
import type { BillingView } from './billing-schemas.js';
import type { LicensingState } from './store.js';

const DAY_MS = 24 * 3600 * 1000;
/** The chart's window: 30 UTC days up to today. */
export const API_CALL_CHART_DAYS = 30;

export interface BillingInputs {
  now: Date;
  state: LicensingState;
  /** Whether CONTROL_PLANE_URL is set (a client exists). */
  controlPlaneConfigured: boolean;
  telemetry: 'on' | 'off';
  seats: SeatUse;
  usage: Usage;
  apiCallsThisMonth: number;
  apiCallsDaily: { day: string; calls: number }[];
}

export async function loadBillingView(services: Services): Promise<BillingView> {
  const now = services.clock.now();
  const [state, seats, usage, apiCallsThisMonth, apiCallsDaily] = await Promise.all([
    services.licenses.state(),
    services.seats.count(now),
    services.usage.current(),
    services.apiCalls.thisMonth(now),
    services.apiCalls.daily(now, API_CALL_CHART_DAYS),
  ]);
  return billingViewOf({
    now,
    state,
    controlPlaneConfigured: services.controlPlane !== undefined,
    telemetry: services.config.TELEMETRY,
    seats,
    usage,
    apiCallsThisMonth,
    apiCallsDaily,
  });
}

export function billingViewOf(inputs: BillingInputs): BillingView {
  const { now, state } = inputs;
  const inForce = entitlementsAt(state.license, now);
  const claims = state.license?.claims;
  const connected = state.connection !== undefined;
  const paidPlan = claims?.plan;
  // A trial is a Stripe subscription already: a card is added in the portal, not through a second Checkout.
  const subscribed = (paidPlan === 'pro' || paidPlan === 'enterprise') && claims?.status !== 'canceled';
  return {
    connection: {
      state: !connected ? 'not-connected' : unreachable(state) ? 'unreachable' : 'connected',
      ...(state.connection ? { installationId: state.connection.installationId } : {}),
      ...(state.sync.lastSyncAt ? { lastSyncAt: state.sync.lastSyncAt } : {}),
      ...(state.sync.lastError ? { lastError: state.sync.lastError } : {}),
      telemetry: inputs.telemetry,
    },
    license: {
      state: licenseState(state, inForce),
      ...(claims ? { expiresAt: new Date(claims.exp * 1000).toISOString() } : {}),
    },
    plan: inForce.plan,
    ...(inForce.paidPlan ? { paidPlan: inForce.paidPlan } : {}),
    status: inForce.status,
    ...(inForce.trialEndsAt ? { trialEndsAt: inForce.trialEndsAt } : {}),
    ...(inForce.status === 'trialing' && inForce.trialEndsAt ? { trialDaysLeft: daysLeft(inForce.trialEndsAt, now) } : {}),
    ...(inForce.graceEndsAt ? { graceEndsAt: inForce.graceEndsAt } : {}),
    ...(inForce.status === 'past_due' && inForce.graceEndsAt ? { graceDaysLeft: daysLeft(inForce.graceEndsAt, now) } : {}),
    degraded: inForce.degraded,
    seats: { used: inputs.seats.used, limit: inForce.seats },
    features: inForce.features,
    usage: {
      projects: { used: inputs.usage.projects, limit: inForce.quotas.projects },
      documents: { used: inputs.usage.documents, limit: inForce.quotas.documents },
      storageBytes: { used: inputs.usage.storageBytes, limit: inForce.quotas.storageBytes },
      apiCallsThisMonth: { used: inputs.apiCallsThisMonth, limit: inForce.quotas.apiCallsPerMonth },
    },
    apiCallsDaily: inputs.apiCallsDaily.slice(-31),
    actions: {
      activate: inputs.controlPlaneConfigured && !connected,
      startTrial: inputs.controlPlaneConfigured && connected && paidPlan === 'free' && claims?.status !== 'trialing',
      checkout: inputs.controlPlaneConfigured && connected && !subscribed,
      portal: inputs.controlPlaneConfigured && connected && paidPlan !== undefined && paidPlan !== 'free',
      refresh: inputs.controlPlaneConfigured && connected,
    },
  };
}

/** The last attempt failed and came after the last success (or there never was one). */
function unreachable({ sync }: LicensingState): boolean {
  if (!sync.lastError || !sync.lastAttemptAt) return false;
  return !sync.lastSyncAt || sync.lastAttemptAt > sync.lastSyncAt;
}

function licenseState(state: LicensingState, inForce: Entitlements): BillingView['license']['state'] {
  if (inForce.licenseState !== 'none') return inForce.licenseState;
  if (state.license) return 'expired';
  return state.lastRejection ? 'rejected' : 'none';
}

/** Whole days left, rounded up (a trial ending in 2 hours has 1 day left), never negative. */
export function daysLeft(iso: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now.getTime()) / DAY_MS));
}
