/**
 * One user's flags: the evaluation context built from who they are (id, groups, role) and
 * what the installation has (plan, features, ring and id from the entitlements in force),
 * and every flag of a definition set evaluated for it. Pure; the caller brings the
 * definitions (the admin's preview reads them fresh, `/api/me` from the cache).
 */
import type { Entitlements } from '../entitlements/domain.js';
import type { Role } from '../platform/principal.js';
import { evaluateFlag, type FlagContext, type FlagEvaluation } from './evaluate.js';
import type { FlagDefinition } from './model.js';
import type { FlagSource } from './schemas.js';

export interface FlagSet {
  installation: readonly FlagDefinition[];
  fleet: readonly FlagDefinition[];
}

export function userFlagContext(user: { userId: string; groupIds: readonly string[]; role: Role }, entitlements: Entitlements): FlagContext {
  return {
    userId: user.userId,
    groups: user.groupIds,
    role: user.role,
    plan: entitlements.plan,
    ring: entitlements.ring ?? 2,
    features: entitlements.features,
    ...(entitlements.installationId ? { installationId: entitlements.installationId } : {}),
  };
}

export interface KeyedEvaluation extends FlagEvaluation {
  key: string;
  sources: FlagSource[];
}

/** Every key of the set, evaluated with both its layers, in key order. */
export function evaluateSet(set: FlagSet, context: FlagContext): KeyedEvaluation[] {
  const fleet = new Map(set.fleet.map((f) => [f.key, f]));
  const installation = new Map(set.installation.map((f) => [f.key, f]));
  const keys = [...new Set([...fleet.keys(), ...installation.keys()])].sort();
  return keys.flatMap((key) => {
    const layers = { fleet: fleet.get(key), installation: installation.get(key) };
    const evaluation = evaluateFlag(layers, context);
    if (!evaluation) return [];
    const sources: FlagSource[] = [...(layers.installation ? (['installation'] as const) : []), ...(layers.fleet ? (['fleet'] as const) : [])];
    return [{ key, sources, ...evaluation }];
  });
}

/** Values only, for the SPA: never rules, never anyone else's values. */
export const flagValuesOf = (evaluations: readonly KeyedEvaluation[]) => Object.fromEntries(evaluations.map((e) => [e.key, e.value]));
