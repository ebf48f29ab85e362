/**
 * The control plane's installation-facing API: paths and bodies, shared by the
 * installation's client (`functions/licensing/control-plane-client.ts`) and the control
 * plane's handlers (`functions/vendor/`). Everything but registration is signed
 * (`signed-request.ts`); registration is authorized by an activation code.
 */
import { z } from 'zod';
import { CHANNELS, installationIdSchema } from './claims.js';

export const CONTROL_PLANE_PATHS = {
  register: '/v1/installations',
  heartbeat: '/v1/heartbeat',
  license: '/v1/license',
  usage: '/v1/usage',
  trial: '/v1/trials',
  checkout: '/v1/checkout-sessions',
  portal: '/v1/portal-sessions',
  stripeWebhook: '/stripe/webhook',
} as const;

/** Every body the control plane accepts is at most this size; larger is 413 before parsing. */
export const MAX_CONTROL_PLANE_BODY_BYTES = 64 * 1024;

export const registerRequestSchema = z
  .object({
    activationCode: z.string().regex(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/, 'An activation code looks like ABCD-EFGH-JKLM-NPQR.'),
    /** A name the vendor sees in the fleet view (the customer's choice). */
    name: z.string().min(1).max(100),
    version: z.string().min(1).max(40),
    channel: z.enum(CHANNELS),
  })
  .strict();

export const registerResponseSchema = z.object({
  installationId: installationIdSchema,
  /** Shown once: the control plane keeps only a key derived from it. */
  installationSecret: z.string().min(20).max(200),
  /** The first license (free plan), so the installation needs no second round trip. */
  license: z.string().max(64 * 1024),
});

/** Health counters the installation reports with its heartbeat (documented in docs/telemetry.md). */
export const heartbeatRequestSchema = z
  .object({
    version: z.string().min(1).max(40),
    channel: z.enum(CHANNELS),
    /** Active users now: the seat count billed on per-seat plans. */
    seats: z.number().int().min(0).max(1_000_000),
    health: z
      .object({
        jobsFailed24h: z.number().int().min(0),
        dlqDepth: z.number().int().min(0),
        lastMigration: z.string().max(80).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const licenseResponseSchema = z.object({ license: z.string().max(64 * 1024) });

export const USAGE_METERS = ['apiCalls', 'seats', 'storageBytes', 'documents', 'projects'] as const;
export type UsageMeter = (typeof USAGE_METERS)[number];

/** One hour of one meter. `hour` is the UTC hour it covers, `YYYY-MM-DDTHH`. */
export const usageReportSchema = z
  .object({
    meter: z.enum(USAGE_METERS),
    hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
    /** For apiCalls: calls made in that hour; for the others: the level at the end of the hour. */
    value: z.number().int().min(0).max(1e12),
  })
  .strict();

export const usageRequestSchema = z.object({ reports: z.array(usageReportSchema).min(1).max(200) }).strict();

export const usageResponseSchema = z.object({
  accepted: z.number().int(),
  /** Reports already received (same installation, meter and hour): not billed again. */
  duplicates: z.number().int(),
  rejected: z.array(z.object({ meter: z.string(), hour: z.string(), reason: z.string() })),
});

export const trialRequestSchema = z.object({ plan: z.literal('pro') }).strict();

export const checkoutRequestSchema = z
  .object({
    plan: z.enum(['pro', 'enterprise']),
    seats: z.number().int().min(1).max(10_000),
    /** Where Stripe sends the browser back; must be https (or loopback http locally). */
    successUrl: z.url().max(2048),
    cancelUrl: z.url().max(2048),
  })
  .strict();

export const portalRequestSchema = z.object({ returnUrl: z.url().max(2048) }).strict();

export const redirectResponseSchema = z.object({ url: z.url() });

export type RegisterRequest = z.infer<typeof registerRequestSchema>;
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;
export type UsageReport = z.infer<typeof usageReportSchema>;
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;
