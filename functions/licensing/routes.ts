/**
 * Billing, for admins: the plan and license in force, seats and usage against the quotas,
 * and the buttons that go through the vendor's control plane (activate, refresh, trial,
 * Stripe Checkout and Customer Portal). Handlers are thin: use cases in billing-actions.ts.
 */
import { callerOf } from '../platform/caller.js';
import { defineRoute } from '../platform/route.js';
import { activate, checkout, portal, refresh, startTrial } from './billing-actions.js';
import { activateRequestSchema, billingViewSchema, checkoutStartSchema, redirectSchema } from './billing-schemas.js';
import { loadBillingView } from './billing-view.js';
import { emptyBillingBody, trialStartSchema } from './schemas-extra.js';

export const getBilling = defineRoute({
  method: 'GET',
  path: '/api/billing',
  operationId: 'getBilling',
  summary: 'Plan, status, license, seats and usage against the quotas, and what may be done now',
  tag: 'billing',
  access: { action: 'billing:read' },
  response: billingViewSchema,
  async handle({ services }) {
    return loadBillingView(services);
  },
});

export const activateBilling = defineRoute({
  method: 'POST',
  path: '/api/billing/activate',
  operationId: 'activateBilling',
  summary: 'Connect this installation to the vendor’s control plane with an activation code',
  tag: 'billing',
  access: { action: 'billing:manage' },
  body: activateRequestSchema,
  response: billingViewSchema,
  async handle(input) {
    await activate(callerOf(input), input.body.activationCode);
    return loadBillingView(input.services);
  },
});

export const refreshBilling = defineRoute({
  method: 'POST',
  path: '/api/billing/refresh',
  operationId: 'refreshBilling',
  summary: 'Pull the license now (after Checkout); a control plane that is down shows in the answer’s connection',
  tag: 'billing',
  access: { action: 'billing:manage' },
  body: emptyBillingBody,
  response: billingViewSchema,
  async handle(input) {
    await refresh(callerOf(input));
    return loadBillingView(input.services);
  },
});

export const startBillingTrial = defineRoute({
  method: 'POST',
  path: '/api/billing/trial',
  operationId: 'startBillingTrial',
  summary: 'Start the 14-day Pro trial (no card needed)',
  tag: 'billing',
  access: { action: 'billing:manage' },
  body: trialStartSchema,
  response: billingViewSchema,
  async handle(input) {
    await startTrial(callerOf(input));
    return loadBillingView(input.services);
  },
});

export const startCheckout = defineRoute({
  method: 'POST',
  path: '/api/billing/checkout',
  operationId: 'startBillingCheckout',
  summary: 'A Stripe Checkout page for upgrading, opened by the control plane; returns to this installation’s billing page',
  tag: 'billing',
  access: { action: 'billing:manage' },
  body: checkoutStartSchema,
  response: redirectSchema,
  async handle(input) {
    return checkout(callerOf(input), input.body);
  },
});

export const openBillingPortal = defineRoute({
  method: 'POST',
  path: '/api/billing/portal',
  operationId: 'openBillingPortal',
  summary: 'A Stripe Customer Portal page (cards, invoices, cancellation), opened by the control plane',
  tag: 'billing',
  access: { action: 'billing:manage' },
  body: emptyBillingBody,
  response: redirectSchema,
  async handle(input) {
    return portal(callerOf(input));
  },
});

export const billingRoutes = [getBilling, activateBilling, refreshBilling, startBillingTrial, startCheckout, openBillingPortal];
