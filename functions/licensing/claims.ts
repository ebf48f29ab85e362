/**
 * The license: what the control plane signs (Ed25519, `jose`, compact JWS with
 * `typ: ownstack-license+jwt`) and an installation verifies offline with the vendor's
 * public key. Both planes read this one schema, so they cannot disagree on a field.
 *
 * Timing: a license is valid for `LICENSE_TTL_SECONDS` after it is issued and pulled
 * hourly; if the control plane cannot be reached, the last good license stays in force
 * until `exp + OFFLINE_GRACE_SECONDS`, then the installation falls back to community.
 */
import { z } from 'zod';
import { flagDefinitionSchema, ringSchema } from '../flags/model.js';

export const LICENSE_ISSUER = 'ownstack-control-plane';
export const LICENSE_AUDIENCE = 'ownstack-installation';
export const LICENSE_TYPE = 'ownstack-license+jwt';
export const LICENSE_ALGORITHM = 'EdDSA';
/** 14 days: long enough to ride out an outage, short enough that a cancellation takes effect. */
export const LICENSE_TTL_SECONDS = 14 * 24 * 3600;
/** After expiry, a license still counts for 7 days while the control plane is unreachable. */
export const OFFLINE_GRACE_SECONDS = 7 * 24 * 3600;
/** A failed payment keeps the paid plan for 14 days (`past_due`), then the fallback limits apply. */
export const PAYMENT_GRACE_DAYS = 14;
/** A bound on the token, checked before any parsing. */
export const MAX_LICENSE_BYTES = 64 * 1024;

export const installationIdSchema = z.string().regex(/^inst_[0-9a-z]{20,40}$/, 'An installation id is "inst_" and 20 to 40 lower-case letters or digits.');

export const LICENSED_PLANS = ['free', 'pro', 'enterprise'] as const;
export const LICENSE_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export const CHANNELS = ['canary', 'beta', 'stable'] as const;

export const quotasSchema = z
  .object({
    projects: z.number().int().min(0),
    documents: z.number().int().min(0),
    storageBytes: z.number().int().min(0),
    apiCallsPerMonth: z.number().int().min(0),
  })
  .strict();

/** What a plan grants: the same shape for the plan in force and for the fallback. */
export const grantSchema = z
  .object({
    plan: z.enum(LICENSED_PLANS),
    seats: z.number().int().min(1),
    features: z.array(z.string().min(1).max(64)).max(100),
    quotas: quotasSchema,
  })
  .strict();

export const licenseClaimsSchema = z
  .object({
    iss: z.literal(LICENSE_ISSUER),
    aud: z.literal(LICENSE_AUDIENCE),
    /** The installation this license is for; an installation rejects any other. */
    sub: installationIdSchema,
    /** A unique id per issued license, for the audit trail. */
    jti: z.string().min(1).max(64),
    iat: z.number().int(),
    exp: z.number().int(),
    status: z.enum(LICENSE_STATUSES),
    /** The plan paid for (or trialled), in force unless past_due beyond `graceEndsAt` or canceled. */
    ...grantSchema.shape,
    /** What applies when the paid plan does not: past_due after grace, canceled. Always the free plan's grant. */
    fallback: grantSchema,
    /** ISO time the trial ends (status trialing). */
    trialEndsAt: z.iso.datetime().optional(),
    /** ISO time the payment grace ends (status past_due). */
    graceEndsAt: z.iso.datetime().optional(),
    ring: ringSchema,
    channel: z.enum(CHANNELS),
    /** Fleet flags, defined in the control plane; signed with the rest, so an installation cannot widen them. */
    flags: z.array(flagDefinitionSchema).max(200),
    /** Bumped by every fleet flag change, so an installation can tell a new set at a glance. */
    flagsVersion: z.number().int().min(0),
  })
  .strict()
  .refine((c) => c.exp > c.iat, { message: 'A license expires after it is issued.', path: ['exp'] });

export type LicenseClaims = z.infer<typeof licenseClaimsSchema>;
export type Grant = z.infer<typeof grantSchema>;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];
