/** HTTP routes of the identity module. */
import { entitlementsInForce } from '../entitlements/domain.js';
import { defineRoute } from '../platform/route.js';
import { meResponse } from './schemas.js';

export const getMe = defineRoute({
  method: 'GET',
  path: '/api/me',
  operationId: 'getMe',
  summary: 'Who I am: my profile, my role and the entitlements in force',
  tag: 'identity',
  access: { action: 'self:read' },
  response: meResponse,
  async handle({ principal }) {
    if (!principal) throw new Error('getMe is a private route; the router must have resolved a principal.');
    return {
      user: { id: principal.userId, email: principal.email, displayName: principal.displayName, role: principal.role, mfa: principal.mfa },
      entitlements: entitlementsInForce(),
    };
  },
});

export const identityRoutes = [getMe];
