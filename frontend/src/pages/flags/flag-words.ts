/** Flag states and kinds in words (badges repeat the word in colour), shared by the installation's page and the vendor console. */
import type { StateTone } from '../../components/badges.js';
import type { FlagState } from '../../../../functions/flags/state.js';
import { type FlagKind, flagKind } from '../../../../functions/flags/model.js';

export const STATUS_WORDS: Record<FlagState['status'], { label: string; tone: StateTone }> = {
  killed: { label: 'Killed', tone: 'danger' },
  off: { label: 'Off', tone: 'neutral' },
  on: { label: 'On', tone: 'ok' },
  rollout: { label: 'Rolling out', tone: 'warning' },
  targeted: { label: 'Targeted', tone: 'ok' },
};

/** What each kind prefix says about a flag's purpose, and so its lifetime. */
export const KIND_WORDS: Record<FlagKind, string> = {
  release: 'Release: hides unfinished work; remove once fully rolled out',
  exp: 'Experiment: compares variants; remove when the result is in',
  ops: 'Operations: a switch for operators; may live long',
  tier: 'Tier: follows the plan; lives as long as the feature',
};

export const kindOf = (key: string): FlagKind => flagKind(key);

/** "Rolling out: 25%" or "Killed", the badge text. */
export function statusLabel(state: FlagState): string {
  const words = STATUS_WORDS[state.status];
  return state.status === 'rollout' ? `${words.label}: ${state.rollouts.map((r) => `${r.percentage}%`).join(', ')}` : words.label;
}
