/**
 * Authenticates an installation's signed request: the installation's derived key checks
 * the HMAC and the timestamp window (`licensing/signed-request.ts`), then the nonce is
 * recorded once, so the same request sent again inside the window is refused. Every
 * refusal looks the same to the caller, and an unknown installation costs the same HMAC
 * as a known one, so neither the answer nor its timing tells which check failed.
 */
import { randomBytes } from 'node:crypto';
import { installationIdSchema } from '../../licensing/claims.js';
import { claimedInstallation, MAX_SKEW_SECONDS, type SignableRequest, verifySignature } from '../../licensing/signed-request.js';

export interface SignedRequestKeys {
  /** The installation's derived signing key; undefined when there is no such installation. */
  signingKeyOf(installationId: string): Promise<string | undefined>;
  /** Records a nonce until `expiresAtSeconds`; false when it is already recorded (a replay). */
  recordNonce(installationId: string, nonce: string, expiresAtSeconds: number): Promise<boolean>;
}

export type SignedAuthResult =
  | { ok: true; installationId: string }
  | { ok: false; reason: 'missing-headers' | 'unknown-installation' | 'stale' | 'bad-signature' | 'replayed' };

// Verified against when the installation is unknown, so that path does the same work.
const DECOY_KEY = randomBytes(32).toString('base64url');

export async function authenticateSignedRequest(
  request: SignableRequest,
  headers: Readonly<Record<string, string | undefined>>,
  keys: SignedRequestKeys,
  nowSeconds: number,
): Promise<SignedAuthResult> {
  const claimed = claimedInstallation(headers);
  if (!claimed) return { ok: false, reason: 'missing-headers' };
  const key = installationIdSchema.safeParse(claimed).success ? await keys.signingKeyOf(claimed) : undefined;
  const check = verifySignature(request, headers, key ?? DECOY_KEY, nowSeconds);
  if (!key) return { ok: false, reason: 'unknown-installation' };
  if (!check.ok) return { ok: false, reason: check.reason };
  // Kept for both sides of the window: a request is accepted from `timestamp - skew` to `timestamp + skew`.
  const fresh = await keys.recordNonce(check.installationId, check.nonce, nowSeconds + 2 * MAX_SKEW_SECONDS);
  if (!fresh) return { ok: false, reason: 'replayed' };
  return { ok: true, installationId: check.installationId };
}
