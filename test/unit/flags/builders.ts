/** Flag definitions and contexts for the flag engine's tests: valid by the model's own schema. */
import type { FlagContext } from '../../../functions/flags/evaluate.js';
import { type FlagDefinition, flagDefinitionSchema } from '../../../functions/flags/model.js';

type FlagInput = Omit<Partial<FlagDefinition>, 'rules'> & { rules?: unknown[] };

export function aFlag(overrides: FlagInput = {}): FlagDefinition {
  return flagDefinitionSchema.parse({
    key: 'release_new_editor',
    description: 'The new editor',
    owner: 'editor-team',
    createdAt: '2026-11-01',
    expiresAt: '2027-02-01',
    variants: { on: true, off: false },
    defaultVariant: 'off',
    rules: [],
    version: 1,
    ...overrides,
  });
}

export function aContext(overrides: Partial<FlagContext> = {}): FlagContext {
  return {
    userId: 'u-ada',
    groups: ['staff'],
    role: 'member',
    plan: 'pro',
    installationId: 'inst_aaaaaaaaaaaaaaaaaaaa',
    ring: 2,
    features: ['audit-export'],
    ...overrides,
  };
}

export const everyone = (id: string, variant: string) => ({ id, when: {}, serve: { variant } });
