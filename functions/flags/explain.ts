/**
 * The sentences that say why a flag evaluated as it did ("installation rule beta-testers
 * (group beta)"), for the admin's "preview as user" and for the OpenFeature metadata.
 * Built only for the outcome, after the evaluation: never on the way through the rules.
 * It names the values that matched in the caller's own context, never other users'.
 */
import type { FlagContext } from './evaluate.js';
import type { FlagRule, FlagTarget } from './model.js';

export type FlagLayer = 'fleet' | 'installation';

/** A rollout rule whose target matched but which served nothing: the reason the default may have been served. */
export type RolloutMiss =
  | { layer: FlagLayer; ruleId: string; kind: 'out-of-rollout'; bucket: number; threshold: number; stickiness: string }
  | { layer: FlagLayer; ruleId: string; kind: 'no-stickiness'; stickiness: string }
  | { layer: FlagLayer; ruleId: string; kind: 'unknown-variant'; variant: string };

export interface RolloutHit {
  bucket: number;
  threshold: number;
  stickiness: string;
  percentage: number;
}

const quote = (variant: string) => `"${variant}"`;

/** The conditions of `when` that hold for `context`, by the value that matched: "group beta, ring 1". */
export function describeTarget(when: FlagTarget, context: FlagContext): string {
  const parts: string[] = [];
  if (when.users) parts.push(`user ${context.userId}`);
  if (when.groups) parts.push(`group ${when.groups.find((g) => context.groups.includes(g))}`);
  if (when.roles) parts.push(`role ${context.role}`);
  if (when.plans) parts.push(`plan ${context.plan}`);
  if (when.installations) parts.push(`installation ${context.installationId}`);
  if (when.rings) parts.push(`ring ${context.ring}`);
  return parts.length > 0 ? parts.join(', ') : 'everyone';
}

export function explainRule(layer: FlagLayer, rule: FlagRule, context: FlagContext, rollout?: RolloutHit): string {
  const target = describeTarget(rule.when, context);
  const split = rollout ? `; in the ${rollout.percentage}% rollout by ${rollout.stickiness}, bucket ${rollout.bucket} < ${rollout.threshold}` : '';
  return `${layer} rule ${rule.id} (${target}${split})`;
}

export const explainKilled = (layer: FlagLayer, defaultVariant: string) => `killed in the ${layer} flag: default ${quote(defaultVariant)}`;

export const explainNotEntitled = (feature: string, plan: string, defaultVariant: string) =>
  `not entitled: plan ${plan} does not include ${feature}: default ${quote(defaultVariant)}`;

/** An installation rule that would widen what the fleet flag serves here, held to the default. */
export function explainNarrowed(installationRule: string, variant: string, fleetExplanation: string, defaultVariant: string): string {
  return `installation rule ${installationRule} would serve ${quote(variant)}, but the fleet flag is not released here (${fleetExplanation}): default ${quote(defaultVariant)}`;
}

export function explainMiss(miss: RolloutMiss): string {
  const rule = `${miss.layer} rule ${miss.ruleId}`;
  switch (miss.kind) {
    case 'out-of-rollout':
      return `not in the rollout of ${rule} (bucket ${miss.bucket} ≥ ${miss.threshold} by ${miss.stickiness})`;
    case 'no-stickiness':
      return `${rule} rolls out by ${miss.stickiness}, which this context lacks`;
    case 'unknown-variant':
      return `${rule} serves ${quote(miss.variant)}, which the fleet flag does not define`;
  }
}

export function explainDefault(misses: readonly RolloutMiss[], defaultVariant: string): string {
  const why = misses.length > 0 ? misses.map(explainMiss).join('; ') : 'no rule matched';
  return `default ${quote(defaultVariant)}: ${why}`;
}
