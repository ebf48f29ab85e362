/**
 * Requests from an installation to the control plane are signed with HMAC-SHA256 over
 * method, path, timestamp, nonce and the body's SHA-256, so a request cannot be altered,
 * replayed (the control plane keeps each nonce for the whole window) or sent late (the
 * timestamp must be within `MAX_SKEW_SECONDS` of the control plane's clock).
 *
 * The key is derived from the installation secret (`signingKeyFrom`); the control plane
 * keeps only that derived key, never the secret, which is shown to the installation once.
 * Pure functions over node:crypto, used by both planes.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = {
  installation: 'x-ownstack-installation',
  timestamp: 'x-ownstack-timestamp',
  nonce: 'x-ownstack-nonce',
  signature: 'x-ownstack-signature',
} as const;

/** Five minutes either way: the bound on clock skew and on how late a request may arrive. */
export const MAX_SKEW_SECONDS = 300;
const SIGNATURE_PREFIX = 'v1=';

export interface SignableRequest {
  method: string;
  /** The path with its query string, exactly as sent. */
  path: string;
  body: string;
}

/** A fresh installation secret: 32 random bytes, shown to the installation once. */
export function newInstallationSecret(): string {
  return `oss_${randomBytes(32).toString('base64url')}`;
}

/** The HMAC key both sides sign with; one-way, so the stored key does not reveal the secret. */
export function signingKeyFrom(secret: string): string {
  return createHmac('sha256', secret).update('ownstack/request-signing/v1').digest('base64url');
}

export function canonicalString(req: SignableRequest, timestamp: number, nonce: string): string {
  const bodyHash = createHash('sha256').update(req.body, 'utf8').digest('hex');
  return [req.method.toUpperCase(), req.path, String(timestamp), nonce, bodyHash].join('\n');
}

/** The headers to add to a request, for installation `installationId` signing with `signingKey`. */
export function signRequest(
  req: SignableRequest,
  installationId: string,
  signingKey: string,
  nowSeconds: number,
  nonce = randomBytes(16).toString('base64url'),
): Record<string, string> {
  const mac = createHmac('sha256', signingKey)
    .update(canonicalString(req, nowSeconds, nonce))
    .digest('hex');
  return {
    [SIGNATURE_HEADERS.installation]: installationId,
    [SIGNATURE_HEADERS.timestamp]: String(nowSeconds),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: `${SIGNATURE_PREFIX}${mac}`,
  };
}

export type SignatureCheck =
  | { ok: true; installationId: string; nonce: string; timestamp: number }
  | { ok: false; reason: 'missing-headers' | 'stale' | 'bad-signature' };

/** The headers' installation id, for looking up its key before `verifySignature`. */
export function claimedInstallation(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  return headers[SIGNATURE_HEADERS.installation];
}

/**
 * Checks the signature and the timestamp window. The caller must still record the nonce
 * (conditionally, for `MAX_SKEW_SECONDS * 2`) to refuse a replay inside the window.
 */
export function verifySignature(
  req: SignableRequest,
  headers: Readonly<Record<string, string | undefined>>,
  signingKey: string,
  nowSeconds: number,
): SignatureCheck {
  const installationId = headers[SIGNATURE_HEADERS.installation];
  const timestampText = headers[SIGNATURE_HEADERS.timestamp];
  const nonce = headers[SIGNATURE_HEADERS.nonce];
  const signature = headers[SIGNATURE_HEADERS.signature];
  if (!installationId || !timestampText || !nonce || !signature || nonce.length > 64 || !/^\d{1,12}$/.test(timestampText))
    return { ok: false, reason: 'missing-headers' };
  const timestamp = Number(timestampText);
  if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(
    `${SIGNATURE_PREFIX}${createHmac('sha256', signingKey)
      .update(canonicalString(req, timestamp, nonce))
      .digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, installationId, nonce, timestamp };
}
