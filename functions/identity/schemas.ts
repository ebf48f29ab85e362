/**
 * Wire schemas of the identity module: zod only, no server code, so the SPA's typed
 * client imports them too and the two sides cannot disagree on a field.
 */
import { z } from 'zod';
import { ROLES } from '../platform/principal.js';

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

export type Me = z.infer<typeof meResponse>;
