/**
 * 0001: documents gain their word count (`wordCount`), which lists show beside the size
 * and which documents stored before 0.2.0 lack. Expand counts the words of each such
 * document's body and stamps the version it counted (`wordsAtVersion`): code of 0.1.0
 * reads metas field by field and never sees the new attributes, and when it edits a
 * counted document it bumps `version` without recounting, which the stamp exposes (the
 * reader of 0.2.0 then shows no count rather than a wrong one). Contract, once no 0.1.0
 * code runs, recounts those left stale and every meta is of format 2.
 */
import { documentKeys, DOCUMENT_META_SCHEMA, storedWordCount } from '../documents/store.js';
import { wordsOf } from '../documents/domain.js';
import type { Migration, MigrationStep } from './migration.js';

const count: MigrationStep = {
  writesSchemaVersion: DOCUMENT_META_SCHEMA,
  needs: (item) => storedWordCount(item) === undefined,
  async change(item, context) {
    const body = await context.get(documentKeys.body(item.documentId as string));
    return { set: { wordCount: wordsOf(typeof body?.body === 'string' ? body.body : ''), wordsAtVersion: item.version } };
  },
};

export const documentWordCount: Migration = {
  id: '0001-document-word-count',
  description: 'Documents gain their word count',
  entity: 'Document',
  from: 1,
  to: DOCUMENT_META_SCHEMA,
  introducedIn: '0.2.0',
  // Every change of a document's body moves its version, in the same transaction as the body.
  guardedBy: ['version'],
  expand: count,
  contract: count,
};
