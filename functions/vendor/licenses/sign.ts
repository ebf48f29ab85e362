/** Signs license claims as a compact JWS (EdDSA, `typ: ownstack-license+jwt`, the key's `kid`). */
import { SignJWT } from 'jose';
import { LICENSE_ALGORITHM, LICENSE_TYPE, type LicenseClaims } from '../../licensing/claims.js';
import type { LicenseSigningKey } from './signing-key.js';

export async function signLicense(claims: LicenseClaims, key: LicenseSigningKey): Promise<string> {
  // The claims carry iss, aud, sub, jti, iat and exp already: set nothing twice.
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: LICENSE_ALGORITHM, typ: LICENSE_TYPE, kid: key.kid }).sign(key.privateKey);
}
