/**
 * EventBridge event pattern matching, pure: a pattern's fields each list the values (or
 * content filters) allowed for that field of the event, nested objects match nested
 * fields, every field must match, and an array in the event matches if any element does.
 * Supported filters: exact values, prefix, suffix, equals-ignore-case, anything-but,
 * exists, numeric. Anything else is refused when the rule is loaded, not silently ignored.
 */
export type EventPattern = { [field: string]: readonly unknown[] | EventPattern };

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) => {
    const present = Object.hasOwn(record, field);
    const value = record[field];
    if (Array.isArray(expected)) return matchesField(expected, present, value);
    if (!present || typeof value !== 'object' || value === null) return false;
    return matchesEventPattern(expected as EventPattern, value);
  });
}

function matchesField(allowed: readonly unknown[], present: boolean, value: unknown): boolean {
  // A filter on existence looks at the field itself, not at its values.
  const existence = allowed.find((f) => isFilter(f) && 'exists' in f) as { exists: boolean } | undefined;
  if (existence) return existence.exists === (present && value !== null && value !== undefined);
  if (!present) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => allowed.some((filter) => matchesValue(filter, v)));
}

function matchesValue(filter: unknown, value: unknown): boolean {
  if (!isFilter(filter)) return filter === value;
  if ('prefix' in filter) return typeof value === 'string' && typeof filter.prefix === 'string' && value.startsWith(filter.prefix);
  if ('suffix' in filter) return typeof value === 'string' && typeof filter.suffix === 'string' && value.endsWith(filter.suffix);
  if ('equals-ignore-case' in filter) {
    return typeof value === 'string' && typeof filter['equals-ignore-case'] === 'string' && value.toLowerCase() === filter['equals-ignore-case'].toLowerCase();
  }
  if ('anything-but' in filter) {
    const excluded = filter['anything-but'];
    if (isFilter(excluded)) return !matchesValue(excluded, value);
    return !(Array.isArray(excluded) ? excluded : [excluded]).includes(value);
  }
  if ('numeric' in filter) return typeof value === 'number' && matchesNumeric(filter.numeric as unknown[], value);
  throw new Error(
    `Unsupported event pattern filter ${JSON.stringify(filter)}; the local bus supports exact values, prefix, suffix, equals-ignore-case, anything-but, exists and numeric.`,
  );
}

function matchesNumeric(conditions: unknown[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const operator = conditions[i];
    const operand = conditions[i + 1];
    if (typeof operand !== 'number') return false;
    const holds =
      operator === '='
        ? value === operand
        : operator === '<'
          ? value < operand
          : operator === '<='
            ? value <= operand
            : operator === '>'
              ? value > operand
              : operator === '>='
                ? value >= operand
                : false;
    if (!holds) return false;
  }
  return true;
}

const isFilter = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fails at start-up on a filter the matcher does not know, with the rule's id. */
export function assertSupportedPattern(ruleId: string, pattern: EventPattern): void {
  const known = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'exists', 'numeric']);
  const walk = (node: EventPattern) => {
    for (const expected of Object.values(node)) {
      if (!Array.isArray(expected)) {
        walk(expected as EventPattern);
        continue;
      }
      for (const filter of expected) {
        if (isFilter(filter) && !Object.keys(filter).every((k) => known.has(k))) {
          throw new Error(`Bus rule ${ruleId} uses the filter ${JSON.stringify(filter)}, which the local bus does not implement.`);
        }
      }
    }
  };
  walk(pattern);
}
