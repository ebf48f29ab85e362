/**
 * The editor's working copy of a flag: strings as typed (lists comma-separated), turned
 * into the API's body only on submit, so a half-typed list never breaks the form. The API
 * is the judge of validity; its 400 names fields by JSON pointer, mapped back here.
 */
import type { FlagBody, FlagDefinition } from '../../api/flags-api.js';
import type { ProblemIssue } from '../../api/problem.js';
import { PLAN_IDS, type PlanId, ROLE_IDS, type Ring, type STICKINESS } from '../../../../functions/flags/model.js';

export type Role = (typeof ROLE_IDS)[number];
export type Stickiness = (typeof STICKINESS)[number];

export interface RuleDraft {
  /** A stable React key (rule ids can be edited). */
  uid: string;
  id: string;
  description: string;
  users: string;
  groups: string;
  roles: Role[];
  plans: PlanId[];
  installations: string;
  rings: Ring[];
  serve: 'variant' | 'rollout';
  variant: string;
  percentage: number;
  stickiness: Stickiness;
}

export interface VariantDraft {
  uid: string;
  key: string;
  /** As typed; parsed by the flag's value type. */
  value: string;
}

export interface FlagDraft {
  key: string;
  description: string;
  owner: string;
  expiresAt: string;
  type: 'boolean' | 'string' | 'number';
  variants: VariantDraft[];
  defaultVariant: string;
  rules: RuleDraft[];
  killed: boolean;
  requiresFeature: string;
}

let next = 0;
export const uid = () => `d${++next}`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function newFlagDraft(): FlagDraft {
  return {
    key: 'release_',
    description: '',
    owner: '',
    expiresAt: inDays(90),
    type: 'boolean',
    variants: [
      { uid: uid(), key: 'on', value: 'true' },
      { uid: uid(), key: 'off', value: 'false' },
    ],
    defaultVariant: 'off',
    rules: [],
    killed: false,
    requiresFeature: '',
  };
}

export function newRuleDraft(index: number, variants: readonly VariantDraft[]): RuleDraft {
  const variant = variants.find((v) => v.value !== 'false')?.key ?? variants[0]?.key ?? '';
  return {
    uid: uid(),
    id: `rule-${index + 1}`,
    description: '',
    users: '',
    groups: '',
    roles: [],
    plans: [],
    installations: '',
    rings: [],
    serve: 'rollout',
    variant,
    percentage: 10,
    stickiness: 'userId',
  };
}

export function draftOf(flag: FlagDefinition): FlagDraft {
  const values = Object.values(flag.variants);
  const type = typeof values[0] === 'number' ? 'number' : typeof values[0] === 'string' ? 'string' : 'boolean';
  return {
    key: flag.key,
    description: flag.description,
    owner: flag.owner,
    expiresAt: flag.expiresAt,
    type,
    variants: Object.entries(flag.variants).map(([key, value]) => ({ uid: uid(), key, value: String(value) })),
    defaultVariant: flag.defaultVariant,
    rules: flag.rules.map((rule) => ({
      uid: uid(),
      id: rule.id,
      description: rule.description ?? '',
      users: (rule.when.users ?? []).join(', '),
      groups: (rule.when.groups ?? []).join(', '),
      roles: [...(rule.when.roles ?? [])],
      plans: [...(rule.when.plans ?? [])],
      installations: (rule.when.installations ?? []).join(', '),
      rings: [...(rule.when.rings ?? [])],
      serve: 'rollout' in rule.serve ? 'rollout' : 'variant',
      variant: 'rollout' in rule.serve ? rule.serve.rollout.variant : rule.serve.variant,
      percentage: 'rollout' in rule.serve ? rule.serve.rollout.percentage : 10,
      stickiness: 'rollout' in rule.serve ? rule.serve.rollout.stickiness : 'userId',
    })),
    killed: flag.killed,
    requiresFeature: flag.requiresFeature ?? '',
  };
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function parseValue(type: FlagDraft['type'], text: string): boolean | string | number {
  if (type === 'boolean') return text.trim() === 'true';
  if (type === 'number') return text.trim() === '' ? Number.NaN : Number(text);
  return text;
}

/** The PUT body. Empty conditions are left out: a listed but empty condition would match no one. */
export function bodyOf(draft: FlagDraft): FlagBody {
  return {
    description: draft.description.trim(),
    owner: draft.owner.trim(),
    expiresAt: draft.expiresAt,
    variants: Object.fromEntries(draft.variants.map((v) => [v.key.trim(), parseValue(draft.type, v.value)])),
    defaultVariant: draft.defaultVariant,
    killed: draft.killed,
    ...(draft.requiresFeature.trim() ? { requiresFeature: draft.requiresFeature.trim() } : {}),
    rules: draft.rules.map((r) => {
      const when = {
        ...(list(r.users).length ? { users: list(r.users) } : {}),
        ...(list(r.groups).length ? { groups: list(r.groups) } : {}),
        ...(r.roles.length ? { roles: r.roles } : {}),
        ...(r.plans.length ? { plans: r.plans } : {}),
        ...(list(r.installations).length ? { installations: list(r.installations) } : {}),
        ...(r.rings.length ? { rings: r.rings } : {}),
      };
      return {
        id: r.id.trim(),
        ...(r.description.trim() ? { description: r.description.trim() } : {}),
        when,
        serve: r.serve === 'variant' ? { variant: r.variant } : { rollout: { percentage: r.percentage, variant: r.variant, stickiness: r.stickiness } },
      };
    }),
  };
}

/** The API's reasons for one field (`/description`) or everything under a prefix (`/rules/2`). */
export function issuesAt(issues: readonly ProblemIssue[] | undefined, pointer: string, prefix = false): string[] {
  return (issues ?? []).filter((i) => (prefix ? i.pointer === pointer || i.pointer?.startsWith(`${pointer}/`) : i.pointer === pointer)).map((i) => i.message);
}

export { PLAN_IDS, ROLE_IDS };
