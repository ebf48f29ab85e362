/** HTTP routes of the identity module. */
import { z } from 'zod';
import { entitlementsInForce } from '../entitlements/domain.js';
import { ROLES } from '../platform/principal.js';
import { defineRoute } from '../platform/route.js';

const quotasSchema = z.object({
  projects: z.number().int(),
  documents: z.number().int(),
  storageBytes: z.number().int(),
  apiCallsPerMonth: z.number().int(),
});

export const meResponse = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.email(),
      displayName: z.string(),
      role: z.enum(ROLES),
      mfa: z.boolean().describe('Whether this session signed in with a second factor.'),
    }),
    entitlements: z.object({
      plan: z.string(),
      status: z.string(),
      source: z.enum(['community-default', 'license']),
      seats: z.number().int(),
      features: z.array(z.string()),
      quotas: quotasSchema,
      expiresAt: z.string().optional(),
    }),
  })
  .meta({ id: 'Me' });

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
