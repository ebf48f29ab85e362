/**
 * S3's rules for a browser POST upload's policy: it must not have expired, every form
 * field must be allowed by a condition, every condition must hold, and the file's size
 * must fall in `content-length-range`. Pure: the S3 stand-in feeds it the decoded policy,
 * the form fields (names lower-cased) and the file size.
 */

export type PolicyVerdict = { ok: true } | { ok: false; code: 'AccessDenied' | 'EntityTooLarge' | 'EntityTooSmall'; message: string };

interface Policy {
  expiration?: unknown;
  conditions?: unknown;
}

/** Fields S3 never asks a condition for. */
const EXEMPT = new Set(['file', 'policy', 'x-amz-signature']);

export function checkPostPolicy(policyJson: string, fields: ReadonlyMap<string, string>, fileBytes: number, now: Date): PolicyVerdict {
  let policy: Policy;
  try {
    policy = JSON.parse(policyJson) as Policy;
  } catch {
    return deny('Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
  if (Number.isNaN(expiration)) return deny('Invalid Policy: Policy missing expiration.');
  if (now.getTime() > expiration) return deny('Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions)) return deny('Invalid Policy: Policy missing conditions.');

  const covered = new Set<string>();
  let range: [number, number] | undefined;
  for (const condition of policy.conditions as unknown[]) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      range = [Number(condition[1]), Number(condition[2])];
      continue;
    }
    const parsed = parseCondition(condition);
    if (!parsed) return deny(`Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}.`);
    covered.add(parsed.field);
    const actual = fields.get(parsed.field);
    const holds = actual !== undefined && (parsed.op === 'eq' ? actual === parsed.value : actual.startsWith(parsed.value));
    if (!holds) return deny(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
  }
  for (const name of fields.keys()) {
    if (EXEMPT.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    return deny(`Invalid according to Policy: Extra input fields: ${name}`);
  }
  if (range) {
    if (fileBytes > range[1]) return { ok: false, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' };
    if (fileBytes < range[0]) return { ok: false, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size' };
  }
  return { ok: true };
}

function parseCondition(condition: unknown): { op: 'eq' | 'starts-with'; field: string; value: string } | undefined {
  if (Array.isArray(condition)) {
    const [op, name, value] = condition as unknown[];
    if ((op !== 'eq' && op !== 'starts-with') || typeof name !== 'string' || !name.startsWith('$') || typeof value !== 'string') return undefined;
    return { op, field: name.slice(1).toLowerCase(), value };
  }
  if (condition && typeof condition === 'object') {
    const entries = Object.entries(condition as Record<string, unknown>);
    const [name, value] = entries[0] ?? [];
    if (entries.length !== 1 || typeof name !== 'string' || typeof value !== 'string') return undefined;
    return { op: 'eq', field: name.toLowerCase(), value };
  }
  return undefined;
}

const deny = (message: string): PolicyVerdict => ({ ok: false, code: 'AccessDenied', message });
