/**
 * The local control plane's secrets, generated on the first run and kept in
 * `<dataDir>/vendor/` so licenses, installation keys and the printed activation code
 * survive a restart: the secrets file stands in for the SSM SecureString parameters
 * (same names, read by the same `secretReader`), plus a seed for the activation code.
 * Owner-readable only, and local only: nothing here is ever used in AWS.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';
import { VENDOR_SECRETS } from '../catalog.js';
import { generateSigningKey, publicJwkOf } from '../licenses/signing-key.js';

const SECRETS_FILE = 'secrets.json';
const SEED_NAME = 'local-activation-seed';

const secretsFileSchema = z
  .object({
    [VENDOR_SECRETS.signingKey]: z.string().min(1),
    [VENDOR_SECRETS.stripeApiKey]: z.string().startsWith('sk_test_'),
    [VENDOR_SECRETS.stripeWebhookSecret]: z.string().startsWith('whsec_'),
    [SEED_NAME]: z.string().min(16),
  })
  .loose();

export interface VendorFiles {
  dir: string;
  /** LOCAL_SECRETS_FILE of the control plane's functions. */
  secretsFile: string;
  publicKeyJwk: JWK;
  stripeApiKey: string;
  stripeWebhookSecret: string;
  activationSeed: string;
}

export async function loadOrCreateVendorFiles(dataDir: string): Promise<VendorFiles> {
  const dir = join(dataDir, 'vendor');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretsFile = join(dir, SECRETS_FILE);
  if (!existsSync(secretsFile)) {
    const key = await generateSigningKey();
    const secrets = {
      [VENDOR_SECRETS.signingKey]: JSON.stringify(key.privateJwk),
      [VENDOR_SECRETS.stripeApiKey]: `sk_test_local_${randomBytes(18).toString('base64url')}`,
      [VENDOR_SECRETS.stripeWebhookSecret]: `whsec_${randomBytes(24).toString('base64url')}`,
      [SEED_NAME]: randomBytes(24).toString('base64url'),
    };
    writeFileSync(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(secretsFile, 'utf8')));
  if (!parsed.success) throw new Error(`${secretsFile} is not a valid secrets file (${parsed.error.issues[0]?.message}). Delete it or start with --fresh.`);
  const secrets = parsed.data;
  return {
    dir,
    secretsFile,
    publicKeyJwk: publicJwkOf(JSON.parse(secrets[VENDOR_SECRETS.signingKey]) as JWK),
    stripeApiKey: secrets[VENDOR_SECRETS.stripeApiKey],
    stripeWebhookSecret: secrets[VENDOR_SECRETS.stripeWebhookSecret],
    activationSeed: secrets[SEED_NAME],
  };
}
