/**
 * Offline license verification: the installation checks a license with the vendor's
 * public key alone (Ed25519, `jose`), never asking the control plane. Order matters: the
 * size bound before any parsing, the signature before any claim is read, then the header
 * and registered claims (`typ`, issuer, audience), the payload's shape, the installation
 * it is for, and expiry last. An expired license is reported apart, with its claims,
 * because it may still count during the offline grace (entitlements decide that).
 */
import { type CryptoKey, errors, importJWK, type JWK, jwtVerify } from 'jose';
import { LICENSE_ALGORITHM, LICENSE_AUDIENCE, LICENSE_ISSUER, LICENSE_TYPE, type LicenseClaims, licenseClaimsSchema, MAX_LICENSE_BYTES } from './claims.js';

export type RejectionReason = 'malformed' | 'bad-signature' | 'wrong-installation' | 'invalid-claims';

export type Verification =
  | { ok: true; claims: LicenseClaims }
  | { ok: false; reason: RejectionReason }
  /** Authentic and for this installation, but past `exp`: the claims may still count during the offline grace. */
  | { ok: false; reason: 'expired'; claims: LicenseClaims };

export interface VerifyOptions {
  /** This installation's id once connected; a license for any other is rejected. */
  installationId?: string;
  now: Date;
}

export type LicenseVerifier = (token: string, options: VerifyOptions) => Promise<Verification>;

/**
 * A verifier for one public key (a JWK JSON string, the `VendorPublicKey` parameter). The
 * key is imported on first use and kept for the life of the process.
 */
export function licenseVerifier(publicKeyJwk: string): LicenseVerifier {
  let key: Promise<CryptoKey | Uint8Array> | undefined;
  const imported = () => {
    key ??= importPublicKey(publicKeyJwk);
    return key;
  };
  return async (token, options) => verifyLicense(token, await imported(), options);
}

async function importPublicKey(jwkJson: string): Promise<CryptoKey | Uint8Array> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(jwkJson) as JWK;
  } catch {
    throw new Error('VENDOR_PUBLIC_KEY is not a JWK in JSON: set the VendorPublicKey parameter to the control plane’s LicensePublicKeyJwk output.');
  }
  // A private JWK here would mean the vendor's signing key left the control plane: refuse it.
  if ('d' in jwk) throw new Error('VENDOR_PUBLIC_KEY holds a private key; only the public half belongs in an installation.');
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new Error('VENDOR_PUBLIC_KEY must be an Ed25519 public key (kty OKP, crv Ed25519).');
  return importJWK(jwk, LICENSE_ALGORITHM);
}

export async function verifyLicense(token: string, key: CryptoKey | Uint8Array, options: VerifyOptions): Promise<Verification> {
  if (typeof token !== 'string' || Buffer.byteLength(token, 'utf8') > MAX_LICENSE_BYTES || token.split('.').length !== 3)
    return { ok: false, reason: 'malformed' };
  let payload: unknown;
  let expired = false;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [LICENSE_ALGORITHM],
      typ: LICENSE_TYPE,
      issuer: LICENSE_ISSUER,
      audience: LICENSE_AUDIENCE,
      currentDate: options.now,
    }));
  } catch (error) {
    // jose authenticates the token before it validates claims, and checks typ, iss and aud
    // before exp: an expired token's payload is authentic and addressed to installations.
    if (error instanceof errors.JWTExpired) {
      payload = error.payload;
      expired = true;
    } else {
      return { ok: false, reason: reasonOf(error) };
    }
  }
  const parsed = licenseClaimsSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'invalid-claims' };
  const claims = parsed.data;
  if (options.installationId !== undefined && claims.sub !== options.installationId) return { ok: false, reason: 'wrong-installation' };
  return expired ? { ok: false, reason: 'expired', claims } : { ok: true, claims };
}

function reasonOf(error: unknown): RejectionReason {
  // Another algorithm (HS256 with the public key as secret, `none`) is an attack on the signature.
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'bad-signature';
  if (error instanceof errors.JWTClaimValidationFailed) return 'invalid-claims';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  // Anything else (a key that cannot verify, an unexpected failure) must not pass as valid.
  return 'bad-signature';
}
