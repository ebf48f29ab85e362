/**
 * Unsaved edits of a document, kept in sessionStorage (this tab only, gone with it) so a
 * reload, a crash or a conflict never loses what the user typed. Keyed by document; holds
 * the version the edits are based on, so coming back to a document that changed meanwhile
 * is recognised as a conflict.
 */
import { z } from 'zod';

const PREFIX = 'ownstack.draft.';

const storedDraft = z.object({
  title: z.string(),
  tags: z.array(z.string()),
  body: z.string(),
  /** The server version these edits started from. */
  baseVersion: z.number().int(),
  savedAt: z.string(),
});
export type StoredDraft = z.infer<typeof storedDraft>;
export type DraftContent = Pick<StoredDraft, 'title' | 'tags' | 'body'>;

export function loadDraft(documentId: string): StoredDraft | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + documentId);
    if (!raw) return undefined;
    const parsed = storedDraft.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a full or disabled storage must not stop editing (the text is still on screen). */
export function storeDraft(documentId: string, content: DraftContent, baseVersion: number): boolean {
  try {
    const draft: StoredDraft = { ...content, baseVersion, savedAt: new Date().toISOString() };
    sessionStorage.setItem(PREFIX + documentId, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(documentId: string): void {
  try {
    sessionStorage.removeItem(PREFIX + documentId);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

export function sameContent(a: DraftContent, b: DraftContent): boolean {
  return a.title === b.title && a.body === b.body && a.tags.length === b.tags.length && a.tags.every((tag, i) => tag === b.tags[i]);
}
