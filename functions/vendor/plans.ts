/**
 * The plans the vendor sells, as data: what each grants (seats, features, quotas) and
 * how Stripe bills it. The license carries a plan's grant; the installation never needs
 * this file. Price ids are the vendor's Stripe prices (lookup keys locally).
 */
import type { Grant } from '../licensing/claims.js';

export type PlanId = 'free' | 'pro' | 'enterprise';

export interface Plan {
  id: PlanId;
  name: string;
  grant: Grant;
  billing:
    | { kind: 'none' }
    | {
        kind: 'per-seat' | 'per-seat-plus-usage';
        /** The licensed (per seat) price; the subscription quantity follows the reported seats. */
        seatPriceId: string;
        /** Metered price and Billing Meter event name, for usage plans. */
        usage?: { priceId: string; meterEventName: string; meter: 'apiCalls' };
        trialDays?: number;
      };
}

const GiB = 1024 ** 3;

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  free: {
    id: 'free',
    name: 'Free',
    grant: { plan: 'free', seats: 5, features: [], quotas: { projects: 3, documents: 200, storageBytes: 1 * GiB, apiCallsPerMonth: 100_000 } },
    billing: { kind: 'none' },
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    grant: {
      plan: 'pro',
      seats: 100,
      features: ['audit-export'],
      quotas: { projects: 100, documents: 20_000, storageBytes: 100 * GiB, apiCallsPerMonth: 2_000_000 },
    },
    billing: { kind: 'per-seat', seatPriceId: 'price_pro_seat_monthly', trialDays: 14 },
  },
  enterprise: {
    id: 'enterprise',
    name: 'Enterprise',
    grant: {
      plan: 'enterprise',
      seats: 10_000,
      features: ['audit-export', 'support-access'],
      quotas: { projects: 10_000, documents: 2_000_000, storageBytes: 10_240 * GiB, apiCallsPerMonth: 100_000_000 },
    },
    billing: {
      kind: 'per-seat-plus-usage',
      seatPriceId: 'price_enterprise_seat_monthly',
      usage: { priceId: 'price_enterprise_api_calls', meterEventName: 'ownstack_api_calls', meter: 'apiCalls' },
    },
  },
};

export function planFor(priceId: string): Plan | undefined {
  return Object.values(PLANS).find((p) => p.billing.kind !== 'none' && (p.billing.seatPriceId === priceId || p.billing.usage?.priceId === priceId));
}
