/** The word count the migration and the editor store, and which stored metas need counting. */
import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../../functions/documents/domain.js';
import { storedWordCount } from '../../../functions/documents/store.js';
import { documentWordCount } from '../../../functions/migrations/document-word-count.js';

const meta = (extra: Record<string, unknown>) => ({ pk: 'DOC#d1', sk: 'META', entity: 'Document', schemaVersion: 1, documentId: 'd1', version: 3, ...extra });

describe('wordsOf', () => {
  it('counts words of the text, not markdown marks, link targets or code fences', () => {
    expect(wordsOf('')).toBe(0);
    expect(wordsOf('# Title\n\nSome *bold* text.')).toBe(4);
    expect(wordsOf('See [the docs](https://example.com/a/b/c) now')).toBe(4);
    expect(wordsOf("don't re-run it")).toBe(3);
    expect(wordsOf('```\nconst x = 1;\n```\nafter')).toBe(1);
    expect(wordsOf('Grüße aus Köln, 2026')).toBe(4);
  });
});

describe('which metas the migration counts', () => {
  it('counts format-1 metas and ones whose count an older edit left stale, not fresh ones', () => {
    expect(documentWordCount.expand.needs(meta({}))).toBe(true);
    expect(documentWordCount.expand.needs(meta({ schemaVersion: 2, wordCount: 7, wordsAtVersion: 2 }))).toBe(true);
    expect(documentWordCount.expand.needs(meta({ schemaVersion: 2, wordCount: 7, wordsAtVersion: 3 }))).toBe(false);
    expect(storedWordCount(meta({ schemaVersion: 2, wordCount: 7, wordsAtVersion: 3 }))).toBe(7);
    expect(storedWordCount(meta({ schemaVersion: 2, wordCount: 7, wordsAtVersion: 2 }))).toBeUndefined();
  });

  it('computes the change from the body alone, stamped with the version it read', async () => {
    const context = { get: async () => ({ body: 'one two three' }) };
    expect(await documentWordCount.expand.change(meta({}), context)).toEqual({ set: { wordCount: 3, wordsAtVersion: 3 } });
    const noBody = { get: async () => undefined };
    expect(await documentWordCount.expand.change(meta({}), noBody)).toEqual({ set: { wordCount: 0, wordsAtVersion: 3 } });
  });
});
