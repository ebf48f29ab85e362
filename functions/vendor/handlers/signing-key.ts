/**
 * The `Custom::LicenseSigningKey` resource (CDK provider framework: return the result,
 * throw to fail). Create and Update make sure `<SecretsPrefix>/license-signing-key` holds
 * an Ed25519 private JWK, creating it only when absent, and answer with its public half.
 * An existing key is never overwritten and Delete leaves it in place: every license ever
 * issued is verified with it. Rotation is a documented manual step (docs/control-plane.md).
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { VENDOR_SECRETS } from '../catalog.js';
import { generateSigningKey, publicJwkOf } from '../licenses/signing-key.js';

/** Mirrors SIGNING_KEY_RESOURCE in lib/vendor/signing-key.ts (a unit test keeps them equal). */
export const SIGNING_KEY_PROPERTIES = { prefix: 'SecretsPrefix', publicKey: 'PublicKeyJwk' } as const;

export interface SigningKeyResult {
  PhysicalResourceId: string;
  Data: { [SIGNING_KEY_PROPERTIES.publicKey]: string };
}

export function createSigningKeyHandler(ssm: Pick<SSMClient, 'send'>) {
  async function currentPrivateJwk(name: string): Promise<string | undefined> {
    try {
      const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      return Parameter?.Value;
    } catch (error) {
      if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
      throw error;
    }
  }

  async function ensureKey(name: string): Promise<string> {
    const existing = await currentPrivateJwk(name);
    if (existing) return existing;
    const generated = await generateSigningKey();
    const value = JSON.stringify(generated.privateJwk);
    try {
      // Standard tier and the AWS-managed key: no monthly fee. Never Overwrite.
      await ssm.send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: 'SecureString',
          Tier: 'Standard',
          Overwrite: false,
          Description: 'Ownstack license signing key (Ed25519 private JWK). Never share; rotation: docs/control-plane.md.',
        }),
      );
      return value;
    } catch (error) {
      // Another deploy put one first: that one is the key.
      if ((error as { name?: string }).name !== 'ParameterAlreadyExists') throw error;
      const winner = await currentPrivateJwk(name);
      if (!winner) throw error;
      return winner;
    }
  }

  return async function handler(event: CloudFormationCustomResourceEvent): Promise<SigningKeyResult> {
    const prefix = event.ResourceProperties[SIGNING_KEY_PROPERTIES.prefix];
    if (typeof prefix !== 'string' || !/^\/[A-Za-z0-9_.\-/]+$/.test(prefix)) {
      throw new Error(`${SIGNING_KEY_PROPERTIES.prefix} must be an SSM path like /ownstack-vendor/prod (got ${JSON.stringify(prefix)}).`);
    }
    const name = `${prefix}/${VENDOR_SECRETS.signingKey}`;
    if (event.RequestType === 'Delete') {
      // Kept on purpose: installations verify every license they hold with its public half.
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { [SIGNING_KEY_PROPERTIES.publicKey]: '' } };
    }
    const privateJwk = JSON.parse(await ensureKey(name)) as Parameters<typeof publicJwkOf>[0];
    return { PhysicalResourceId: name, Data: { [SIGNING_KEY_PROPERTIES.publicKey]: JSON.stringify(publicJwkOf(privateJwk)) } };
  };
}

export const handler = createSigningKeyHandler(new SSMClient({}));
