/**
 * Vendor staff on the admin API. The HTTP API's JWT authorizer has verified the token
 * before the function runs (locally, the local control plane's authorizer does the same
 * with its own key); this only reads the verified claims and requires the staff group.
 * Nothing here trusts a header or body the caller controls.
 */
import type { VendorAdmin } from './route.js';

export const VENDOR_ADMIN_GROUP = 'vendor-admins';

export type AdminAuthResult = { ok: true; admin: VendorAdmin } | { ok: false; reason: 'no-claims' | 'not-staff' };

/** Claims as API Gateway passes them: strings, arrays flattened to `[a b]`. */
export function adminFromClaims(claims: Readonly<Record<string, string | number | boolean | string[]>> | undefined): AdminAuthResult {
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub.length === 0) return { ok: false, reason: 'no-claims' };
  const groups = groupsOf(claims['cognito:groups'] ?? claims.groups);
  if (!groups.includes(VENDOR_ADMIN_GROUP)) return { ok: false, reason: 'not-staff' };
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return { ok: true, admin: { userId: sub, ...(email ? { email } : {}) } };
}

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter(Boolean);
}
