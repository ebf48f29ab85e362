/**
 * Stripe's request encoding (`application/x-www-form-urlencoded` with bracketed keys:
 * `items[0][price]=p&metadata[k]=v`) turned back into the nested object the SDK started
 * from. Numeric segments become arrays, as Stripe reads them.
 */

type Nested = { [key: string]: unknown };

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;
/** A bound on nesting and on entries, so a hostile body cannot make the fake build a huge object. */
const MAX_DEPTH = 6;
const MAX_ENTRIES = 500;

export function parseStripeForm(text: string): Nested {
  const root: Nested = {};
  let entries = 0;
  for (const [rawKey, value] of new URLSearchParams(text)) {
    if (++entries > MAX_ENTRIES) throw new Error(`A request carries at most ${MAX_ENTRIES} parameters.`);
    const match = KEY.exec(rawKey);
    if (!match) continue;
    const path = [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
    if (path.length > MAX_DEPTH) throw new Error(`Parameter ${rawKey} is nested too deeply.`);
    setPath(root, path, value);
  }
  return toArrays(root) as Nested;
}

function setPath(root: Nested, path: string[], value: string) {
  let node = root;
  for (const [index, segment] of path.entries()) {
    if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') return;
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next !== 'object' || next === null) node[segment] = {};
    node = node[segment] as Nested;
  }
}

/** Objects whose keys are all 0..n-1 become arrays (`items[0]…items[1]`). */
function toArrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Nested).map(([k, v]) => [k, toArrays(v)] as const);
  const keys = entries.map(([k]) => k);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}
