/** Rewrites the generated event catalog in docs/events.md. A unit test fails if it is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withEventCatalog } from '../functions/events/catalog-doc.js';

export const EVENTS_DOC_PATH = 'docs/events.md';

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(EVENTS_DOC_PATH, withEventCatalog(readFileSync(EVENTS_DOC_PATH, 'utf8')));
  console.log(`wrote ${EVENTS_DOC_PATH}`);
}
