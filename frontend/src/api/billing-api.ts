/**
 * Client methods of the billing page (admins): the billing view, connecting to the control
 * plane with an activation code, pulling the license now, the trial, and the Stripe pages
 * (Checkout, Customer Portal) that the control plane opens and the browser then visits.
 * Shapes from functions/licensing/billing-schemas.ts.
 */
import type { z } from 'zod';
import {
  type activateRequestSchema,
  type BillingView,
  billingViewSchema,
  type checkoutStartSchema,
  redirectSchema,
} from '../../../functions/licensing/billing-schemas.js';
import type { Requester } from './request.js';

export type { BillingView };
export type ActivateInput = z.input<typeof activateRequestSchema>;
export type CheckoutInput = z.input<typeof checkoutStartSchema>;
export type BillingRedirect = z.output<typeof redirectSchema>;

export interface BillingApi {
  /** GET /api/billing: plan, status, seats, usage, connection and what may be done now. */
  getBilling(signal?: AbortSignal): Promise<BillingView>;
  /** POST /api/billing/activate: registers with the control plane; answers the new view. */
  activateBilling(input: ActivateInput): Promise<BillingView>;
  /** POST /api/billing/refresh: pulls the license now (after Checkout); answers the new view. */
  refreshBilling(): Promise<BillingView>;
  /** POST /api/billing/trial: starts the 14-day Pro trial; answers the new view. */
  startTrial(): Promise<BillingView>;
  /** POST /api/billing/checkout: a Stripe Checkout page to send the browser to. */
  startCheckout(input: CheckoutInput): Promise<BillingRedirect>;
  /** POST /api/billing/portal: a Stripe Customer Portal page to send the browser to. */
  openBillingPortal(): Promise<BillingRedirect>;
}

export function billingApi(send: Requester): BillingApi {
  return {
    getBilling: (signal) => send({ method: 'GET', path: '/api/billing', response: billingViewSchema, signal }),
    activateBilling: (input) => send({ method: 'POST', path: '/api/billing/activate', body: input, response: billingViewSchema }),
    refreshBilling: () => send({ method: 'POST', path: '/api/billing/refresh', body: {}, response: billingViewSchema }),
    startTrial: () => send({ method: 'POST', path: '/api/billing/trial', body: { plan: 'pro' }, response: billingViewSchema }),
    startCheckout: (input) => send({ method: 'POST', path: '/api/billing/checkout', body: input, response: redirectSchema }),
    openBillingPortal: () => send({ method: 'POST', path: '/api/billing/portal', body: {}, response: redirectSchema }),
  };
}
