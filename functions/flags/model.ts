/**
 * The shape of a feature flag, shared by both planes: the control plane defines fleet
 * flags and ships them inside the signed license; an installation's admins define
 * installation flags in its table. Evaluation lives in `evaluate.ts`; this file is only
 * the contract, validated at every edge (API bodies, license payloads, stored items).
 */
import { z } from 'zod';

/** The kind prefix says why a flag exists, and so how long it should live. */
export const FLAG_KINDS = ['release', 'exp', 'ops', 'tier'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const flagKeySchema = z
  .string()
  .regex(
    /^(release|exp|ops|tier)_[a-z0-9][a-z0-9_]{0,62}$/,
    'A flag key is a kind prefix (release_, exp_, ops_ or tier_) and then lower-case letters, digits and underscores (at most 68 characters).',
  );

export const RINGS = [0, 1, 2] as const;
export type Ring = (typeof RINGS)[number];
/** Ring 0: the vendor's own installations; 1: beta customers; 2: everyone. Without a license, an installation is in ring 2. */
export const ringSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const PLAN_IDS = ['community', 'free', 'pro', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const ROLE_IDS = ['owner', 'admin', 'member', 'viewer'] as const;

const variantKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'A variant key is lower-case letters, digits, - and _ (at most 32).');
const variantValueSchema = z.union([z.boolean(), z.string().max(200), z.number().finite()]);

/** Who a rule applies to: every listed condition must hold; within one condition, any value. */
export const flagTargetSchema = z
  .object({
    users: z.array(z.string().min(1).max(128)).max(500).optional(),
    groups: z.array(z.string().min(1).max(128)).max(100).optional(),
    roles: z.array(z.enum(ROLE_IDS)).max(4).optional(),
    plans: z.array(z.enum(PLAN_IDS)).max(4).optional(),
    installations: z.array(z.string().min(1).max(64)).max(500).optional(),
    rings: z.array(ringSchema).max(3).optional(),
  })
  .strict();

/** The attribute a percentage rollout hashes, so one user (or installation) keeps its bucket as the percentage grows. */
export const STICKINESS = ['userId', 'installationId'] as const;

export const flagServeSchema = z.union([
  z.object({ variant: variantKeySchema }).strict(),
  z
    .object({
      rollout: z
        .object({
          /** 0 to 100, in steps of 0.1. */
          percentage: z.number().min(0).max(100).multipleOf(0.1),
          variant: variantKeySchema,
          stickiness: z.enum(STICKINESS),
        })
        .strict(),
    })
    .strict(),
]);

export const flagRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    description: z.string().max(200).optional(),
    when: flagTargetSchema.default({}),
    serve: flagServeSchema,
  })
  .strict();

export const flagDefinitionSchema = z
  .object({
    key: flagKeySchema,
    description: z.string().min(1).max(500),
    owner: z.string().min(1).max(120),
    /** ISO date (YYYY-MM-DD). */
    createdAt: z.iso.date(),
    /** ISO date after which the flag is stale: its code path should be removed. */
    expiresAt: z.iso.date(),
    variants: z.record(variantKeySchema, variantValueSchema),
    /** Served when no rule matches, when killed, and when the plan lacks `requiresFeature`. */
    defaultVariant: variantKeySchema,
    rules: z.array(flagRuleSchema).max(50),
    /** The kill switch: on, everyone gets the default variant, whatever the rules say. */
    killed: z.boolean().default(false),
    /** An entitlement feature the plan must include for any rule to apply (tier_ flags). */
    requiresFeature: z.string().min(1).max(64).optional(),
    /** Bumped on every change; an optimistic-concurrency token and a revert anchor. */
    version: z.number().int().min(1),
  })
  .strict()
  .superRefine((flag, ctx) => {
    const variants = Object.keys(flag.variants);
    if (variants.length < 2 || variants.length > 20) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'A flag has 2 to 20 variants.' });
    const types = new Set(Object.values(flag.variants).map((v) => typeof v));
    if (types.size > 1) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'All variants of a flag have the same type.' });
    if (!variants.includes(flag.defaultVariant))
      ctx.addIssue({ code: 'custom', path: ['defaultVariant'], message: 'The default variant is one of the variants.' });
    flag.rules.forEach((rule, i) => {
      const served = 'variant' in rule.serve ? rule.serve.variant : rule.serve.rollout.variant;
      if (!variants.includes(served))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'serve'], message: `Variant "${served}" is not one of the flag's variants.` });
    });
    const ids = flag.rules.map((r) => r.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'Rule ids are unique within a flag.' });
    if (flag.expiresAt < flag.createdAt) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'A flag expires after it is created.' });
  });

export type FlagDefinition = z.infer<typeof flagDefinitionSchema>;
export type FlagRule = z.infer<typeof flagRuleSchema>;
export type FlagTarget = z.infer<typeof flagTargetSchema>;

export function flagKind(key: string): FlagKind {
  return key.slice(0, key.indexOf('_')) as FlagKind;
}
