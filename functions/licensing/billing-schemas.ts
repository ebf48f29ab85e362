/**
 * The installation's billing API (`/api/billing…`), shared by the routes and the SPA's
 * billing page: what the page shows is exactly what this schema allows.
 */
import { z } from 'zod';

const meterSchema = z.object({ used: z.number(), limit: z.number() });

export const billingViewSchema = z
  .object({
    /** Whether this installation is connected to the control plane, and how its license stands. */
    connection: z.object({
      state: z.enum(['not-connected', 'connected', 'unreachable']),
      installationId: z.string().optional(),
      /** ISO: the last successful sync with the control plane. */
      lastSyncAt: z.string().optional(),
      /** The last sync's error, short and safe to show. */
      lastError: z.string().optional(),
      telemetry: z.enum(['on', 'off']),
    }),
    license: z.object({
      /** none: community defaults; valid; offline-grace: expired but the control plane is unreachable; expired; rejected (tampered or foreign, audited). */
      state: z.enum(['none', 'valid', 'offline-grace', 'expired', 'rejected']),
      expiresAt: z.string().optional(),
    }),
    plan: z.enum(['community', 'free', 'pro', 'enterprise']),
    /** The plan paid for, when it differs from the plan in force (past_due after grace, canceled). */
    paidPlan: z.enum(['free', 'pro', 'enterprise']).optional(),
    status: z.enum(['active', 'trialing', 'past_due', 'canceled']),
    trialEndsAt: z.string().optional(),
    trialDaysLeft: z.number().int().optional(),
    graceEndsAt: z.string().optional(),
    graceDaysLeft: z.number().int().optional(),
    /** True once a past_due grace has run out: the fallback (free) limits apply, nothing is deleted. */
    degraded: z.boolean(),
    seats: meterSchema,
    features: z.array(z.string()),
    usage: z.object({
      projects: meterSchema,
      documents: meterSchema,
      storageBytes: meterSchema,
      apiCallsThisMonth: meterSchema,
    }),
    /** Daily API calls over the last 30 days (UTC days, oldest first), for the chart. */
    apiCallsDaily: z.array(z.object({ day: z.string(), calls: z.number().int() })).max(31),
    /** What the buttons may do now. */
    actions: z.object({ activate: z.boolean(), startTrial: z.boolean(), checkout: z.boolean(), portal: z.boolean(), refresh: z.boolean() }),
  })
  .meta({ id: 'Billing' });

export const activateRequestSchema = z
  .object({
    activationCode: z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.string().regex(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/, 'An activation code looks like ABCD-EFGH-JKLM-NPQR.')),
  })
  .strict();
export const checkoutStartSchema = z.object({ plan: z.enum(['pro', 'enterprise']), seats: z.number().int().min(1).max(10_000).optional() }).strict();
export const redirectSchema = z.object({ url: z.url() }).meta({ id: 'BillingRedirect' });

export type BillingView = z.infer<typeof billingViewSchema>;
