/**
 * The domain events of installation flag changes, for the audit trail and customers'
 * rules: which flag, which version, a short before/after summary and what changed in
 * words. Never the targeted user lists: an event stays small whatever the rules hold.
 */
import type { FlagChange } from './store.js';
import { describeChanges, flagSummary } from './state.js';

export const FLAG_EVENTS = {
  created: 'flag.created',
  updated: 'flag.updated',
  deleted: 'flag.deleted',
  reverted: 'flag.reverted',
} as const;

export const flagSubject = (key: string) => ({ kind: 'flag', id: key });

export function flagEventOf(change: FlagChange): { type: string; data: Record<string, unknown> } {
  const { before, after } = change;
  const key = (after ?? before)?.key ?? '';
  const type = FLAG_EVENTS[change.change];
  if (!after) return { type, data: { key, version: (before?.version ?? 0) + 1, before: before && flagSummary(before) } };
  return {
    type,
    data: {
      key,
      version: after.version,
      ...(before ? { before: flagSummary(before), changes: describeChanges(before, after) } : {}),
      after: flagSummary(after),
      ...(change.revertedFrom === undefined ? {} : { revertedFrom: change.revertedFrom }),
    },
  };
}
