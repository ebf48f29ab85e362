/**
 * Wire schemas of the identity module: zod only, no server code, so the SPA's typed
 * client imports them too and the two sides cannot disagree on a field.
 */
import { z } from 'zod';
import { myFlagsSchema } from '../flags/schemas.js';
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
      trialEndsAt: z.string().optional(),
      /** ISO end of the payment grace while past_due (the past-due banner counts down to it). */
      graceEndsAt: z.string().optional(),
      /** True once the fallback (free) limits apply: past_due after grace, canceled, trial over. Nothing is deleted. */
      degraded: z.boolean(),
    }),
    flags: myFlagsSchema,
  })
  .meta({ id: 'Me' });

export type Me = z.infer<typeof meResponse>;

/** A cursor is opaque to clients: base64url of the last key, bounded in size. */
export const cursorSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this API issued');
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorSchema.optional(),
});

export const memberSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    displayName: z.string(),
    role: z.enum(ROLES),
    status: z.enum(['active', 'deactivated']),
    groupIds: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;

export const memberPage = z.object({ items: z.array(memberSchema), nextCursor: z.string().optional() }).meta({ id: 'MemberPage' });

export const userIdParams = z.object({ userId: z.string().min(1).max(256) });
export const changeRoleBody = z.object({ role: z.enum(ROLES) }).strict();

export const invitationSchema = z
  .object({
    email: z.email(),
    role: z.enum(ROLES),
    invitedBy: z.string(),
    invitedAt: z.string(),
    status: z.enum(['pending', 'accepted', 'revoked']),
    expiresAt: z.string(),
  })
  .meta({ id: 'Invitation' });
export type InvitationView = z.infer<typeof invitationSchema>;

export const invitationList = z.object({ items: z.array(invitationSchema) });
export const inviteBody = z.object({ email: z.email().max(254), role: z.enum(ROLES).default('member') }).strict();
export const invitationParams = z.object({ email: z.email().max(254) });
