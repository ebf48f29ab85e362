/** Every migration of the product, oldest first; the upgrade runs them in this order. Append only. */
import { documentWordCount } from './document-word-count.js';
import type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [documentWordCount];
