/**
 * The installation-facing routes (function `installationApi`): registration with an
 * activation code, then everything else signed with the installation's key. Billing
 * routes hand over to the billing use cases; the rest to installations and licenses.
 */
import { z } from 'zod';
import {
  checkoutRequestSchema,
  heartbeatRequestSchema,
  portalRequestSchema,
  registerRequestSchema,
  trialRequestSchema,
  usageRequestSchema,
} from '../../licensing/control-plane-api.js';
import { licenseForInstallation, recordHeartbeat, registerInstallation } from '../installations/use-cases.js';
import { defineVendorRoute, signedInstallation, VendorReply, type VendorRouteDeclaration } from './route.js';

const noQuery = z.object({}).strip();

export const installationRoutes: readonly VendorRouteDeclaration[] = [
  defineVendorRoute({
    method: 'POST',
    path: '/v1/installations',
    auth: 'activation',
    body: registerRequestSchema,
    async handle({ body, request, services }) {
      return new VendorReply(await registerInstallation(services, body, request), 201);
    },
  }),
  defineVendorRoute({
    method: 'POST',
    path: '/v1/heartbeat',
    auth: 'signed',
    body: heartbeatRequestSchema,
    async handle(input) {
      await recordHeartbeat(input.services, signedInstallation(input), input.body);
      return undefined;
    },
  }),
  defineVendorRoute({
    method: 'GET',
    path: '/v1/license',
    auth: 'signed',
    query: noQuery,
    async handle(input) {
      return { license: await licenseForInstallation(input.services, signedInstallation(input)) };
    },
  }),
  defineVendorRoute({
    method: 'POST',
    path: '/v1/usage',
    auth: 'signed',
    body: usageRequestSchema,
    async handle(input) {
      return input.services.billing.recordUsage(signedInstallation(input), input.body.reports);
    },
  }),
  defineVendorRoute({
    method: 'POST',
    path: '/v1/trials',
    auth: 'signed',
    body: trialRequestSchema,
    async handle(input) {
      const installationId = signedInstallation(input);
      await input.services.billing.startTrial(installationId, input.body.plan);
      // The trial is in force at once: answer with the license that says so.
      return { license: await licenseForInstallation(input.services, installationId) };
    },
  }),
  defineVendorRoute({
    method: 'POST',
    path: '/v1/checkout-sessions',
    auth: 'signed',
    body: checkoutRequestSchema,
    async handle(input) {
      return input.services.billing.checkoutSession(signedInstallation(input), input.body);
    },
  }),
  defineVendorRoute({
    method: 'POST',
    path: '/v1/portal-sessions',
    auth: 'signed',
    body: portalRequestSchema,
    async handle(input) {
      return input.services.billing.portalSession(signedInstallation(input), input.body);
    },
  }),
];
