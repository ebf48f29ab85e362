/** HTTP route of usage: what this installation uses against the entitlements in force. */
import { defineRoute } from '../platform/route.js';
import { type UsageView, usageSchema } from './schemas.js';
import { METERS } from './usage.js';

export const getUsage = defineRoute({
  method: 'GET',
  path: '/api/usage',
  operationId: 'getUsage',
  summary: 'Projects, documents and storage used against the quotas in force',
  tag: 'entitlements',
  access: { action: 'self:read' },
  response: usageSchema,
  async handle({ services }) {
    const entitlements = await services.entitlements();
    const used = await services.usage.current();
    const view = { plan: entitlements.plan } as UsageView;
    for (const m of METERS) view[m] = { used: used[m], limit: entitlements.quotas[m] };
    return view;
  },
});

export const entitlementRoutes = [getUsage];
