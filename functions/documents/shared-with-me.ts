/**
 * "Shared with me": shares to the user and to each of their groups live in separate index
 * partitions (gsi1 `SHARED#<kind>#<id>`, sorted by `<sharedAt>#<docId>`). Each is read past
 * the page, newest first, before the cursor's sort key, and merged (one Query per principal
 * key, in parallel). Shares of documents in the trash, or of documents whose project is in
 * the trash, are skipped and the page is refilled (at most MAX_ROUNDS rounds), so pages stay
 * full. A document shared with the user and with one of their groups shows once per page.
 */
import type { Caller } from '../platform/caller.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { InvalidInput } from '../platform/errors.js';
import type { DocumentRecord } from './domain.js';
import type { Page, SharedRow } from './store.js';

const MAX_ROUNDS = 3;

export async function listSharedWith(caller: Caller, { cursor, limit }: { cursor?: string; limit: number }): Promise<Page<DocumentRecord>> {
  const { documents, projects } = caller.services;
  let before = decodeCursor(cursor, { k: 'shared' })?.before;
  if (cursor && !before) throw new InvalidInput('The cursor is not one this API issued.');
  const keys = [{ kind: 'user' as const, id: caller.principal.userId }, ...caller.principal.groupIds.map((id) => ({ kind: 'group' as const, id }))];
  const items: DocumentRecord[] = [];
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const want = limit - items.length;
    const partitions = await Promise.all(keys.map((k) => documents.sharedWith(k.kind, k.id, { before, limit: want + 1 })));
    const merged = newestFirst(partitions.flat());
    const candidates = merged.slice(0, want);
    const more = merged.length > want;
    const docs = await documents.getMany(candidates.map((r) => r.documentId).filter((id) => !seen.has(id)));
    const trashedProjects = new Set(
      (await projects.getMany([...new Set(docs.map((d) => d.projectId))])).filter((p) => p.status === 'trashed').map((p) => p.projectId),
    );
    for (const doc of docs) {
      if (seen.has(doc.documentId) || doc.status === 'trashed' || trashedProjects.has(doc.projectId)) continue;
      seen.add(doc.documentId);
      items.push(doc);
    }
    before = candidates.at(-1)?.sortKey ?? before;
    if (!more) return { items };
    if (items.length >= limit) break;
  }
  return { items, nextCursor: encodeCursor({ k: 'shared', before: before as string }) };
}

function newestFirst(rows: SharedRow[]): SharedRow[] {
  return rows.sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
}
