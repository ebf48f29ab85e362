/**
 * How a flag stands, in words an admin scans: killed, off, on, rolling out to n%, or
 * targeted, and whether it is stale (past its expiry date). Also what changed between two
 * versions, for the audit trail's events. Pure: no store, no clock of its own.
 */
import type { FlagDefinition } from './model.js';
import type { FlagState } from './schemas.js';

export type { FlagState };

/** Today as the ISO date flags compare their expiry with (UTC). */
export const isoDate = (now: Date) => now.toISOString().slice(0, 10);

/** A flag is stale from the day after its expiry date. */
export const isStale = (flag: Pick<FlagDefinition, 'expiresAt'>, today: string) => flag.expiresAt < today;

export function flagState(flag: FlagDefinition, today: string): FlagState {
  const rollouts = flag.rules.flatMap((rule) =>
    'rollout' in rule.serve
      ? [
          {
            ruleId: rule.id,
            percentage: rule.serve.rollout.percentage,
            variant: rule.serve.rollout.variant,
            stickiness: rule.serve.rollout.stickiness,
            everyone: Object.keys(rule.when).length === 0,
          },
        ]
      : [],
  );
  const status = flag.killed
    ? 'killed'
    : rollouts.length > 0
      ? 'rollout'
      : flag.rules.length > 0
        ? 'targeted'
        : flag.variants[flag.defaultVariant] === false
          ? 'off'
          : 'on';
  return { status, killed: flag.killed, stale: isStale(flag, today), rollouts };
}

/** The small summary an event carries of one version (never the targeted user lists). */
export function flagSummary(flag: FlagDefinition) {
  const state = flagState(flag, flag.createdAt);
  return {
    version: flag.version,
    status: state.status,
    killed: flag.killed,
    defaultVariant: flag.defaultVariant,
    rules: flag.rules.length,
    rollouts: state.rollouts.map((r) => `${r.ruleId}: ${r.percentage}%`),
    expiresAt: flag.expiresAt,
  };
}
export type FlagSummary = ReturnType<typeof flagSummary>;

const MAX_CHANGES = 20;

/** What an admin changed, one line each, for the audit trail (at most 20 lines). */
export function describeChanges(before: FlagDefinition, after: FlagDefinition): string[] {
  const changes: string[] = [];
  if (before.killed !== after.killed) changes.push(after.killed ? 'kill switch on' : 'kill switch off');
  for (const field of ['description', 'owner', 'expiresAt', 'defaultVariant', 'requiresFeature'] as const) {
    if (before[field] !== after[field]) changes.push(`${field}: ${before[field] ?? '(none)'} → ${after[field] ?? '(none)'}`);
  }
  if (!same(before.variants, after.variants)) changes.push('variants changed');
  const beforeRules = new Map(before.rules.map((r) => [r.id, r]));
  const afterIds = new Set(after.rules.map((r) => r.id));
  for (const rule of after.rules) {
    const old = beforeRules.get(rule.id);
    if (!old) changes.push(`rule ${rule.id} added`);
    else if ('rollout' in old.serve && 'rollout' in rule.serve && old.serve.rollout.percentage !== rule.serve.rollout.percentage) {
      changes.push(`rule ${rule.id}: rollout ${old.serve.rollout.percentage}% → ${rule.serve.rollout.percentage}%`);
      if (!same({ ...old, serve: null }, { ...rule, serve: null })) changes.push(`rule ${rule.id} changed`);
    } else if (!same(old, rule)) changes.push(`rule ${rule.id} changed`);
  }
  for (const id of beforeRules.keys()) if (!afterIds.has(id)) changes.push(`rule ${id} removed`);
  const order = (f: FlagDefinition) => f.rules.map((r) => r.id).filter((id) => beforeRules.has(id) && afterIds.has(id));
  if (order(before).join() !== order(after).join()) changes.push('rules reordered');
  return changes.length > MAX_CHANGES ? [...changes.slice(0, MAX_CHANGES - 1), `and ${changes.length - MAX_CHANGES + 1} more`] : changes;
}

/** Equal as JSON whatever the order of object keys (a stored map comes back in any order). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
