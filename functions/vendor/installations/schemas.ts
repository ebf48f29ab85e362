/**
 * The admin API's bodies and answers about installations and activation codes, shared by
 * the control plane's routes and the vendor console, so both read one definition. The
 * installation's signing key never appears in any of them.
 */
import { z } from 'zod';
import { CHANNELS, installationIdSchema, LICENSED_PLANS } from '../../licensing/claims.js';
import { heartbeatRequestSchema } from '../../licensing/control-plane-api.js';
import { ringSchema } from '../../flags/model.js';

export const fleetEntrySchema = z.object({
  installationId: installationIdSchema,
  name: z.string(),
  ring: ringSchema,
  channel: z.enum(CHANNELS),
  version: z.string(),
  /** The plan paid for or trialled ('free' without a subscription). */
  plan: z.enum(LICENSED_PLANS),
  status: z.enum(['none', 'trialing', 'active', 'past_due', 'canceled']),
  /** Active users at the last heartbeat. */
  seats: z.number().int().optional(),
  registeredAt: z.string(),
  lastHeartbeatAt: z.string().optional(),
  health: heartbeatRequestSchema.shape.health,
});

export const fleetQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1024).optional(),
  })
  .strict();

export const fleetPageSchema = z.object({ items: z.array(fleetEntrySchema), nextCursor: z.string().optional() });

export const installationParamsSchema = z.object({ installationId: installationIdSchema });

export const setRingSchema = z.object({ ring: ringSchema }).strict();

export const createActivationCodeSchema = z
  .object({
    /** Who the code is for, as the vendor will recognise it later. */
    label: z.string().trim().min(1).max(100),
    /** How many installations may register with it. @default 1 */
    uses: z.number().int().min(1).max(1000).default(1),
    /** @default 14 */
    expiresInDays: z.number().int().min(1).max(365).default(14),
  })
  .strict();

export const activationCodeCreatedSchema = z.object({
  /** Shown this once: the control plane keeps only its hash. */
  activationCode: z.string(),
  label: z.string(),
  uses: z.number().int(),
  expiresAt: z.string(),
});

export type FleetEntry = z.infer<typeof fleetEntrySchema>;
export type FleetPage = z.infer<typeof fleetPageSchema>;
export type CreateActivationCode = z.infer<typeof createActivationCodeSchema>;
export type ActivationCodeCreated = z.infer<typeof activationCodeCreatedSchema>;
