/**
 * Everyone in the installation, for pages that need names and pickers (group members, key
 * creators, the explainer's person). Follows the cursor to the end; installations are
 * sized in seats, so this is a few pages at most, and it stops at a hard ceiling.
 */
import { useCallback } from 'react';
import { useApi } from './api-context.js';
import type { ApiClient, Member } from './client.js';
import { useResource } from './use-resource.js';

const PAGE_SIZE = 100;
/** 50 pages of 100: far past any seat count; a cursor loop past it would be a server bug. */
const MAX_PAGES = 50;

export async function loadAllMembers(api: ApiClient, signal?: AbortSignal): Promise<Member[]> {
  const members: Member[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await api.listMembers({ limit: PAGE_SIZE, cursor }, signal);
    members.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return members;
}

export function useDirectory() {
  const api = useApi();
  const load = useCallback((signal: AbortSignal) => loadAllMembers(api, signal), [api]);
  return useResource(load);
}

/** Display name by user id, falling back to the id itself for someone not (or no longer) listed. */
export function nameIn(members: readonly Member[] | undefined, userId: string): string {
  return members?.find((m) => m.id === userId)?.displayName ?? userId;
}
