/**
 * Test licenses: a real Ed25519 key pair generated per test file (never the vendor's), and
 * licenses signed with it exactly as the control plane signs them (`jose`, compact JWS,
 * `typ: ownstack-license+jwt`). Claims default to a valid pro license for one installation.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import {
  LICENSE_ALGORITHM,
  LICENSE_AUDIENCE,
  LICENSE_ISSUER,
  LICENSE_TTL_SECONDS,
  LICENSE_TYPE,
  type LicenseClaims,
} from '../../functions/licensing/claims.js';
import { dynamoLicenseStore } from '../../functions/licensing/store.js';
import { PLANS } from '../../functions/vendor/plans.js';

export const TEST_INSTALLATION_ID = 'inst_0123456789abcdefghij';

export interface LicenseKeys {
  publicJwk: JWK;
  /** The public key as the VENDOR_PUBLIC_KEY setting holds it. */
  publicKeyJson: string;
  sign(claims: Partial<LicenseClaims>, header?: Record<string, unknown>): Promise<string>;
}

export function claimsFor(overrides: Partial<LicenseClaims> = {}, now = new Date()): LicenseClaims {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    iss: LICENSE_ISSUER,
    aud: LICENSE_AUDIENCE,
    sub: TEST_INSTALLATION_ID,
    jti: randomUUID(),
    iat,
    exp: iat + LICENSE_TTL_SECONDS,
    status: 'active',
    ...structuredClone(PLANS.pro.grant),
    fallback: structuredClone(PLANS.free.grant),
    ring: 2,
    channel: 'stable',
    flags: [],
    flagsVersion: 0,
    ...overrides,
  };
}

export async function licenseKeys(): Promise<LicenseKeys> {
  const { publicKey, privateKey } = await generateKeyPair(LICENSE_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return {
    publicJwk,
    publicKeyJson: JSON.stringify(publicJwk),
    sign: (claims, header = {}) => new SignJWT({ ...claims }).setProtectedHeader({ alg: LICENSE_ALGORITHM, typ: LICENSE_TYPE, ...header }).sign(privateKey),
  };
}

/**
 * Puts a license in force in a running installation's table (e2e tests whose subject is a
 * plan feature, not licensing): the claims are stored as the license store stores a
 * verified one, so the runtime's entitlements read them; nothing is verified here, which
 * is why only tests may do this. Seed before the runtime's first request (entitlements are
 * cached up to 30 s per process).
 */
export async function seedLicenseInForce(endpoint: string, tableName: string, overrides: Partial<LicenseClaims> = {}): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const claims = claimsFor(overrides);
    await dynamoLicenseStore(db, tableName).replace({ token: 'seeded-by-test', claims, receivedAt: new Date().toISOString(), source: 'sync' });
  } finally {
    client.destroy();
  }
}
