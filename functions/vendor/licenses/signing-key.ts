/**
 * The license signing key: an Ed25519 key pair whose private half lives only in the
 * control plane (an SSM SecureString in AWS, a file locally) and is imported once per
 * process. `generateSigningKey` makes a new pair for the custom resource that creates
 * it on the first deploy, and for the local control plane.
 */
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { LICENSE_ALGORITHM } from '../../licensing/claims.js';
import type { SecretReader } from '../secrets.js';

export interface LicenseSigningKey {
  privateKey: CryptoKey | Uint8Array;
  /** The public key's JWK thumbprint, in every license's header. */
  kid: string;
}

export interface GeneratedSigningKey {
  /** Secret: goes to the SecureString parameter (or the local secrets file), nowhere else. */
  privateJwk: JWK;
  /** Public: the installation's `VendorPublicKey` parameter. */
  publicJwk: JWK;
  kid: string;
}

export async function generateSigningKey(): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(LICENSE_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const meta = { kid, alg: LICENSE_ALGORITHM, use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...publicJwk, ...meta }, kid };
}

/** The public half of a stored private JWK (what the custom resource returns on every deploy). */
export function publicJwkOf(privateJwk: JWK): JWK {
  const { d: _d, ...publicJwk } = privateJwk;
  return publicJwk;
}

export async function importSigningKey(privateJwkJson: string): Promise<LicenseSigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(privateJwkJson) as JWK;
  } catch {
    throw new Error('The license signing key is not a JWK in JSON.');
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') throw new Error('The license signing key must be an Ed25519 private JWK.');
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwkOf(jwk)));
  return { privateKey: await importJWK(jwk, LICENSE_ALGORITHM), kid };
}

/** Reads and imports the key on first use, then keeps it for the life of the process; a failed read is retried next time. */
export function signingKeyLoader(readSecret: SecretReader): () => Promise<LicenseSigningKey> {
  let pending: Promise<LicenseSigningKey> | undefined;
  return () => {
    if (!pending) {
      pending = readSecret('signingKey').then(importSigningKey);
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
}
