import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SIGNING_KEY_RESOURCE } from '../../../../lib/vendor/signing-key.js';
import { createSigningKeyHandler, SIGNING_KEY_PROPERTIES } from '../../../../functions/vendor/handlers/signing-key.js';
import { generateSigningKey } from '../../../../functions/vendor/licenses/signing-key.js';

const ssm = mockClient(SSMClient);
const handler = createSigningKeyHandler(new SSMClient({ region: 'eu-west-1' }));
const NAME = '/ownstack-vendor/prod/license-signing-key';

function event(requestType: 'Create' | 'Update' | 'Delete', prefix = '/ownstack-vendor/prod'): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/vendor/1',
    RequestId: 'req-1',
    LogicalResourceId: 'SigningKey',
    ResourceType: SIGNING_KEY_RESOURCE.type,
    ResourceProperties: { ServiceToken: 'x', [SIGNING_KEY_PROPERTIES.prefix]: prefix },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  if (requestType === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: NAME, OldResourceProperties: base.ResourceProperties };
  return { ...base, RequestType: 'Delete', PhysicalResourceId: NAME };
}

const notFound = Object.assign(new Error('not found'), { name: 'ParameterNotFound' });

beforeEach(() => ssm.reset());

describe('the license signing key custom resource', () => {
  it('uses the names the CDK construct sends and reads', () => {
    expect(SIGNING_KEY_PROPERTIES).toEqual({ prefix: SIGNING_KEY_RESOURCE.prefixProperty, publicKey: SIGNING_KEY_RESOURCE.publicKeyAttribute });
  });

  it('creates an Ed25519 key as a SecureString when none exists, never overwriting, and returns only the public half', async () => {
    ssm.on(GetParameterCommand).rejects(notFound);
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const result = await handler(event('Create'));
    const put = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Name: NAME, Type: 'SecureString', Tier: 'Standard', Overwrite: false });
    const stored = JSON.parse(put?.Value ?? '{}');
    expect(stored).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(typeof stored.d).toBe('string');
    const publicJwk = JSON.parse(result.Data.PublicKeyJwk);
    expect(publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: stored.x, kid: stored.kid, alg: 'EdDSA', use: 'sig' });
    expect(result.PhysicalResourceId).toBe(NAME);
  });

  it('keeps an existing key on Create and Update and answers its public half', async () => {
    const existing = await generateSigningKey();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: JSON.stringify(existing.privateJwk) } });
    for (const type of ['Create', 'Update'] as const) {
      const result = await handler(event(type));
      expect(JSON.parse(result.Data.PublicKeyJwk)).toEqual(existing.publicJwk);
    }
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('takes the key another deploy put first when its own put loses the race', async () => {
    const winner = await generateSigningKey();
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(notFound)
      .resolves({ Parameter: { Value: JSON.stringify(winner.privateJwk) } });
    ssm.on(PutParameterCommand).rejects(Object.assign(new Error('exists'), { name: 'ParameterAlreadyExists' }));
    const result = await handler(event('Create'));
    expect(JSON.parse(result.Data.PublicKeyJwk)).toEqual(winner.publicJwk);
  });

  it('leaves the key in place on Delete', async () => {
    const result = await handler(event('Delete'));
    expect(result.PhysicalResourceId).toBe(NAME);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('fails with a clear message on a malformed prefix', async () => {
    await expect(handler(event('Create', 'no-leading-slash'))).rejects.toThrow(/SecretsPrefix must be an SSM path/);
  });
});
