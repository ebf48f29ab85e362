/**
 * Applying a license the control plane sent (hourly sync, an admin's refresh, a trial
 * start, activation): verify it offline, then either store it in place of the current
 * one or refuse it. A refused license (tampered, another key, another installation,
 * malformed, expired) is never stored: the license in force stays, and the refusal is
 * audited (`license.rejected`). A stored license that changes what the installation may
 * do (plan, status, seats, features, dates) is audited as `license.applied` in the same
 * transaction; a renewal that only moves the expiry is stored silently.
 */
import { type DomainEvent, domainEvent, type EventActor } from '../events/domain.js';
import type { Services } from '../services.js';
import type { LicenseClaims } from './claims.js';
import type { LicenseSource, StoredLicense } from './store.js';
import { type LicenseVerifier, licenseVerifier, type RejectionReason } from './verify.js';

export const LICENSE_EVENTS = {
  connected: 'license.connected',
  applied: 'license.applied',
  rejected: 'license.rejected',
} as const;

export const LICENSE_SUBJECT = { kind: 'installation', id: 'license' } as const;
export const SYSTEM_ACTOR: EventActor = { userId: 'system', via: 'system' };

export type ApplyOutcome =
  /** `stored` false: the same license, or one issued later, is already stored (nothing written). */
  { ok: true; stored: boolean; changed: boolean; claims: LicenseClaims } | { ok: false; reason: RejectionReason | 'expired' };

/** Who applies it: an admin's request, or the system (the hourly sync). */
export interface ApplyContext {
  actor?: EventActor;
  correlationId?: string;
  /** The installation the license must be for; defaults to the stored connection's. */
  installationId?: string;
}

const verifiers = new Map<string, LicenseVerifier>();
/** One verifier (one key import) per public key per process. */
export function verifierFor(publicKeyJwk: string): LicenseVerifier {
  let verifier = verifiers.get(publicKeyJwk);
  if (!verifier) {
    verifier = licenseVerifier(publicKeyJwk);
    verifiers.set(publicKeyJwk, verifier);
  }
  return verifier;
}

export async function applyLicense(services: Services, token: string, source: LicenseSource, context: ApplyContext = {}): Promise<ApplyOutcome> {
  const now = services.clock.now();
  const installationId = context.installationId ?? (await services.licenses.connection())?.installationId;
  const verification = await verifierFor(services.config.VENDOR_PUBLIC_KEY)(token, { now, ...(installationId ? { installationId } : {}) });
  const event = (type: string, data: Record<string, unknown>) =>
    domainEvent({ type, actor: context.actor ?? SYSTEM_ACTOR, subject: LICENSE_SUBJECT, data, correlationId: context.correlationId }, services);

  if (!verification.ok) {
    await services.licenses.recordRejection(
      { reason: verification.reason, at: now.toISOString(), source },
      event(LICENSE_EVENTS.rejected, { reason: verification.reason, source }),
    );
    return { ok: false, reason: verification.reason };
  }
  const { claims } = verification;
  const current = await services.licenses.current();
  if (current?.claims.jti === claims.jti) return { ok: true, stored: false, changed: false, claims };
  const changed = !current || grantChanged(current.claims, claims);
  const license: StoredLicense = { token, claims, receivedAt: now.toISOString(), source };
  const stored = await services.licenses.replace(license, changed ? appliedEvent(event, license, current) : undefined);
  return stored ? { ok: true, stored: true, changed, claims } : { ok: true, stored: false, changed: false, claims };
}

function appliedEvent(
  event: (type: string, data: Record<string, unknown>) => DomainEvent,
  license: StoredLicense,
  previous: StoredLicense | undefined,
): DomainEvent {
  const { claims } = license;
  return event(LICENSE_EVENTS.applied, {
    plan: claims.plan,
    status: claims.status,
    seats: claims.seats,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    source: license.source,
    ...(previous ? { previousPlan: previous.claims.plan, previousStatus: previous.claims.status } : {}),
  });
}

/** Whether a new license changes anything an admin would want in the audit trail (not iat, exp, jti). */
export function grantChanged(before: LicenseClaims, after: LicenseClaims): boolean {
  const { iat: _a, exp: _b, jti: _c, ...b } = before;
  const { iat: _d, exp: _e, jti: _f, ...a } = after;
  return JSON.stringify(canonical(b)) !== JSON.stringify(canonical(a));
}

/** Key order does not matter for equality (the table may return map keys in any order). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
