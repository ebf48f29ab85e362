/**
 * Evaluates one flag for one context, in process and without I/O: pure over the two
 * definitions a key may have, the fleet's (signed into the license) and the
 * installation's (its admins'). The precedence, exactly:
 *
 *   kill switch (either layer) > entitlement (`requiresFeature`) > installation rule > fleet rule > default
 *
 * An installation rule can narrow a fleet flag but never widen it: where the fleet flag
 * exists and serves its default for this context (the vendor has not released it here),
 * an installation rule can only serve the default too. With a fleet definition, its
 * variants and default are the flag's; an installation rule naming a variant the fleet
 * flag lacks is skipped.
 */
import { bucketOf, rolloutThreshold } from './bucket.js';
import {
  explainDefault,
  explainKilled,
  explainNarrowed,
  explainNotEntitled,
  explainRule,
  type FlagLayer,
  type RolloutHit,
  type RolloutMiss,
} from './explain.js';
import type { FlagDefinition, FlagRule, FlagTarget, PlanId, Ring, ROLE_IDS } from './model.js';

/** Who is asking: the user (if any) and the installation's standing from its license. */
export interface FlagContext {
  userId?: string;
  groups: readonly string[];
  role?: (typeof ROLE_IDS)[number];
  plan: PlanId;
  installationId?: string;
  ring: Ring;
  features: readonly string[];
}

export interface FlagLayers {
  fleet?: FlagDefinition;
  installation?: FlagDefinition;
}

export type FlagValue = boolean | string | number;

/**
 * OpenFeature's reasons where one fits (DISABLED: killed; TARGETING_MATCH: a rule;
 * SPLIT: a percentage rollout; DEFAULT: nothing matched), and NOT_ENTITLED of our own.
 */
export type FlagReason = 'DISABLED' | 'NOT_ENTITLED' | 'TARGETING_MATCH' | 'SPLIT' | 'DEFAULT';

export interface FlagEvaluation {
  value: FlagValue;
  variant: string;
  reason: FlagReason;
  /** Which layer and rule decided, in words: "installation rule beta-testers (group beta)". */
  explanation: string;
  /** The layer and rule that served the value, when a rule did. */
  layer?: FlagLayer;
  ruleId?: string;
}

interface Hit {
  rule: FlagRule;
  variant: string;
  rollout?: RolloutHit;
}

interface RuleScan {
  hit?: Hit;
  misses: RolloutMiss[];
}

/** `undefined` when neither layer defines the flag. */
export function evaluateFlag(layers: FlagLayers, context: FlagContext): FlagEvaluation | undefined {
  const { fleet, installation } = layers;
  const base = fleet ?? installation;
  if (!base) return undefined;
  const fallback = base.defaultVariant;
  const serveDefault = (reason: FlagReason, explanation: string): FlagEvaluation => ({
    value: base.variants[fallback] as FlagValue,
    variant: fallback,
    reason,
    explanation,
  });

  if (fleet?.killed) return serveDefault('DISABLED', explainKilled('fleet', fallback));
  if (installation?.killed) return serveDefault('DISABLED', explainKilled('installation', fallback));
  for (const feature of [fleet?.requiresFeature, installation?.requiresFeature]) {
    if (feature !== undefined && !context.features.includes(feature)) {
      return serveDefault('NOT_ENTITLED', explainNotEntitled(feature, context.plan, fallback));
    }
  }

  const fleetScan = fleet ? scanRules('fleet', fleet, context, base.variants) : undefined;
  const installationScan = installation ? scanRules('installation', installation, context, base.variants) : undefined;
  const serveHit = (layer: FlagLayer, hit: Hit): FlagEvaluation => ({
    value: base.variants[hit.variant] as FlagValue,
    variant: hit.variant,
    reason: hit.rollout ? 'SPLIT' : 'TARGETING_MATCH',
    explanation: explainRule(layer, hit.rule, context, hit.rollout),
    layer,
    ruleId: hit.rule.id,
  });

  const local = installationScan?.hit;
  if (local) {
    // Released here: no fleet flag at all, or the fleet flag serves this context something other than its default.
    const released = !fleetScan || (fleetScan.hit !== undefined && fleetScan.hit.variant !== fallback);
    if (released || local.variant === fallback) return serveHit('installation', local);
    const fleetSays = fleetScan.hit ? explainRule('fleet', fleetScan.hit.rule, context, fleetScan.hit.rollout) : explainDefault(fleetScan.misses, fallback);
    return serveDefault('DEFAULT', explainNarrowed(local.rule.id, local.variant, fleetSays, fallback));
  }
  if (fleetScan?.hit) return serveHit('fleet', fleetScan.hit);
  return serveDefault('DEFAULT', explainDefault([...(installationScan?.misses ?? []), ...(fleetScan?.misses ?? [])], fallback));
}

/** The first rule that serves this context, in order; rollout rules that matched but served nothing are noted as misses. */
function scanRules(layer: FlagLayer, flag: FlagDefinition, context: FlagContext, variants: FlagDefinition['variants']): RuleScan {
  const misses: RolloutMiss[] = [];
  for (const rule of flag.rules) {
    if (!targets(rule.when, context)) continue;
    const serve = rule.serve;
    const variant = 'variant' in serve ? serve.variant : serve.rollout.variant;
    if (!Object.hasOwn(variants, variant)) {
      misses.push({ layer, ruleId: rule.id, kind: 'unknown-variant', variant });
      continue;
    }
    if ('variant' in serve) return { hit: { rule, variant }, misses };
    const { stickiness, percentage } = serve.rollout;
    const value = context[stickiness];
    if (value === undefined || value === '') {
      misses.push({ layer, ruleId: rule.id, kind: 'no-stickiness', stickiness });
      continue;
    }
    const bucket = bucketOf(flag.key, value);
    const threshold = rolloutThreshold(percentage);
    if (bucket < threshold) return { hit: { rule, variant, rollout: { bucket, threshold, stickiness, percentage } }, misses };
    misses.push({ layer, ruleId: rule.id, kind: 'out-of-rollout', bucket, threshold, stickiness });
  }
  return { misses };
}

/**
 * Every listed condition must hold; within one, any value. A listed but empty condition
 * matches no one: emptying the list of a rule must not hand it to everyone.
 */
export function targets(when: FlagTarget, context: FlagContext): boolean {
  if (when.users && (context.userId === undefined || !when.users.includes(context.userId))) return false;
  if (when.groups && !when.groups.some((group) => context.groups.includes(group))) return false;
  if (when.roles && (context.role === undefined || !when.roles.includes(context.role))) return false;
  if (when.plans && !when.plans.includes(context.plan)) return false;
  if (when.installations && (context.installationId === undefined || !when.installations.includes(context.installationId))) return false;
  if (when.rings && !when.rings.includes(context.ring)) return false;
  return true;
}
