/**
 * The event catalog is complete and its documentation current: every event type the code
 * writes is registered (found by reading the sources for event-type literals), and
 * docs/events.md holds exactly what the generator renders from the registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventCatalog, isEventType, parseEventData } from '../../../functions/events/catalog.js';
import { withEventCatalog } from '../../../functions/events/catalog-doc.js';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** `domain.noun.verb` or `domain.verb` literals; file names (`index.html`) are not event types. */
const EVENT_TYPE_LITERAL = /(['"])([a-z]+\.[a-z][a-z-]*(?:\.[a-z][a-z-]*)?)\1/g;
const FILE_EXTENSIONS = new Set([
  'json',
  'html',
  'js',
  'mjs',
  'ts',
  'css',
  'md',
  'txt',
  'csv',
  'jsonl',
  'zip',
  'pid',
  'wasm',
  'svg',
  'png',
  'yaml',
  'yml',
  'log',
]);

function eventTypeLiterals(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles('functions')) {
    if (file.endsWith(join('events', 'catalog.ts'))) continue;
    // The control plane and the Stripe fake are another plane: their records and Stripe's event names never reach the installation's bus.
    if (file.includes(join('functions', 'vendor')) || file.includes(join('local', 'stripe-fake'))) continue;
    for (const [, , literal] of readFileSync(file, 'utf8').matchAll(EVENT_TYPE_LITERAL)) {
      if (!literal || FILE_EXTENSIONS.has(literal.split('.').at(-1) ?? '')) continue;
      found.set(literal, file);
    }
  }
  return found;
}

describe('the event catalog', () => {
  it('registers every event type the code writes', () => {
    const literals = eventTypeLiterals();
    expect(literals.size).toBeGreaterThan(10);
    const missing = [...literals].filter(([type]) => !isEventType(type)).map(([type, file]) => `${type} (${file})`);
    expect(missing, 'add these to functions/events/catalog.ts').toEqual([]);
  });

  it('keeps docs/events.md in step with the registry', () => {
    const document = readFileSync('docs/events.md', 'utf8');
    expect(document, 'run `npx tsx scripts/write-events-doc.ts`').toBe(withEventCatalog(document));
    for (const type of Object.keys(eventCatalog)) expect(document).toContain(`| \`${type}\` |`);
  });

  it('names types domain.noun.verb, in lower case with dashes', () => {
    for (const type of Object.keys(eventCatalog)) expect(type).toMatch(/^[a-z]+(\.[a-z][a-z-]*){1,2}$/);
  });

  it('checks data against the type’s schema, accepting added fields and refusing unknown types', () => {
    expect(parseEventData('identity.user.role-changed', { from: 'member', to: 'admin' })).toEqual({ success: true });
    expect(parseEventData('identity.user.role-changed', { from: 'member', to: 'admin', reason: 'promotion' })).toEqual({ success: true });
    expect(parseEventData('identity.user.role-changed', { from: 'member', to: 'emperor' }).success).toBe(false);
    expect(parseEventData('identity.user.joined', { role: 'member' }).success).toBe(false);
    expect(parseEventData('no.such.type', {})).toMatchObject({ success: false, error: expect.stringContaining('functions/events/catalog.ts') });
  });
});
