/**
 * Wire schemas of the flags API: zod only, no server code, so the SPA's typed client and
 * the vendor console's fleet view import them too. The flag itself is the model's
 * (`model.ts`); a body is the definition minus what the server owns (key from the path,
 * version, creation date), and the whole definition is checked again once assembled, so
 * cross-field rules (the default is a variant, rule ids are unique) answer per field too.
 */
import { z } from 'zod';
import { flagDefinitionSchema, flagKeySchema, STICKINESS } from './model.js';

const definitionShape = flagDefinitionSchema.shape;

export const flagParams = z.object({ key: flagKeySchema });

/** PUT /api/flags/{key}: create the flag, or replace it (If-Match). */
export const flagBody = z
  .object({
    description: definitionShape.description,
    owner: definitionShape.owner,
    expiresAt: definitionShape.expiresAt,
    variants: definitionShape.variants,
    defaultVariant: definitionShape.defaultVariant,
    rules: definitionShape.rules,
    killed: definitionShape.killed,
    requiresFeature: definitionShape.requiresFeature,
  })
  .strict()
  .meta({ id: 'FlagBody' });
export type FlagBody = z.input<typeof flagBody>;

/** PATCH /api/flags/{key}: the two changes made in a hurry, without resending the rules. */
export const flagPatchBody = z
  .object({
    killed: z.boolean().optional(),
    rollout: z
      .object({
        ruleId: z.string().min(1).max(40),
        percentage: z.number().min(0).max(100).multipleOf(0.1),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => b.killed !== undefined || b.rollout !== undefined, { message: 'Send killed, rollout or both.' })
  .meta({ id: 'FlagPatch' });
export type FlagPatch = z.infer<typeof flagPatchBody>;

export const revertBody = z
  .object({ version: z.number().int().min(1) })
  .strict()
  .meta({ id: 'FlagRevert' });

export const previewBody = z
  .object({ userId: z.string().min(1).max(256) })
  .strict()
  .meta({ id: 'FlagPreviewRequest' });

export const historyQuery = z.object({ history: z.coerce.number().int().min(1).max(50).default(20) });

export const FLAG_SOURCES = ['installation', 'fleet'] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];

/** How a flag stands at a glance: what the list shows beside it. */
export const flagStateSchema = z
  .object({
    /** killed: the kill switch is on. off/on: no rule, the default is false / anything else. rollout: a percentage rule. targeted: rules, no percentage. */
    status: z.enum(['killed', 'off', 'on', 'rollout', 'targeted']),
    killed: z.boolean(),
    /** Past its expiry date: its code path should be removed. */
    stale: z.boolean(),
    rollouts: z.array(z.object({ ruleId: z.string(), percentage: z.number(), variant: z.string(), everyone: z.boolean(), stickiness: z.enum(STICKINESS) })),
  })
  .meta({ id: 'FlagState' });
export type FlagState = z.infer<typeof flagStateSchema>;

export const flagViewSchema = z
  .object({
    source: z.enum(FLAG_SOURCES),
    definition: flagDefinitionSchema,
    state: flagStateSchema,
    /** Installation flags only: the last change (fleet flags come signed in the license). */
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: 'Flag' });
export type FlagView = z.infer<typeof flagViewSchema>;

export const flagListSchema = z
  .object({
    items: z.array(flagViewSchema),
    /** The fleet flag set in force, from the license (0 without one). */
    fleetFlagsVersion: z.number().int(),
    /** This installation's ring, from the license (2 without one). */
    ring: z.number().int(),
    today: z.iso.date(),
  })
  .meta({ id: 'FlagList' });
export type FlagList = z.infer<typeof flagListSchema>;

export const flagHistoryEntrySchema = z
  .object({
    version: z.number().int(),
    change: z.enum(['created', 'updated', 'deleted', 'reverted']),
    at: z.string(),
    by: z.string(),
    revertedFrom: z.number().int().optional(),
    definition: flagDefinitionSchema,
  })
  .meta({ id: 'FlagHistoryEntry' });
export type FlagHistoryEntryView = z.infer<typeof flagHistoryEntrySchema>;

export const flagDetailSchema = z
  .object({
    key: z.string(),
    installation: flagViewSchema.optional(),
    fleet: flagViewSchema.optional(),
    /** The installation flag's versions, newest first (a deleted flag keeps its history, so it can be restored). */
    history: z.array(flagHistoryEntrySchema),
  })
  .meta({ id: 'FlagDetail' });
export type FlagDetail = z.infer<typeof flagDetailSchema>;

const flagValue = z.union([z.boolean(), z.string(), z.number()]);

export const flagEvaluationSchema = z
  .object({
    key: z.string(),
    value: flagValue,
    variant: z.string(),
    /** Why: which rule matched, or why none applied (killed, not entitled, default). */
    reason: z.string(),
    explanation: z.string(),
    /** Which definitions took part. */
    sources: z.array(z.enum(FLAG_SOURCES)),
  })
  .meta({ id: 'FlagEvaluation' });
export type FlagEvaluationView = z.infer<typeof flagEvaluationSchema>;

export const previewResponse = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string(), groupIds: z.array(z.string()) }),
    plan: z.string(),
    ring: z.number().int(),
    flags: z.array(flagEvaluationSchema),
  })
  .meta({ id: 'FlagPreview' });
export type FlagPreview = z.infer<typeof previewResponse>;

/** What `/api/me` carries: values only, never rules or anyone else's values. */
export const myFlagsSchema = z.record(z.string(), flagValue).describe('Every flag evaluated for the signed-in user: values only.');
