/**
 * "Projects I can see" across principal keys: the user's own grants and each of their
 * groups' grants live in separate index partitions, all sorted by `<name>#<projectId>`.
 * Each partition is read past the page (limit + 1) after the cursor's sort key; merging by
 * sort key and dropping duplicates (a project granted to the user and to a group) gives a
 * full, ordered page, and "more" is known exactly. Pure: the store does the reads.
 */
import type { ProjectRole } from './schemas.js';
import type { MembershipRow } from './store.js';

const RANK: Record<ProjectRole, number> = { viewer: 1, editor: 2, owner: 3 };

export interface MergedPage {
  /** One row per project, in name order, with the caller's best role across keys. */
  items: MembershipRow[];
  /** The sort key to resume after, when more rows exist. */
  lastSortKey?: string;
}

export function mergeMemberships(partitions: readonly (readonly MembershipRow[])[], limit: number): MergedPage {
  const best = new Map<string, MembershipRow>();
  for (const row of partitions.flat()) {
    const seen = best.get(row.projectId);
    if (!seen || RANK[row.role] > RANK[seen.role]) best.set(row.projectId, row);
  }
  const ordered = [...best.values()].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const items = ordered.slice(0, limit);
  const last = items.at(-1);
  return { items, ...(ordered.length > limit && last ? { lastSortKey: last.sortKey } : {}) };
}
