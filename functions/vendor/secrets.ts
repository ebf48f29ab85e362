/**
 * Reads the control plane's secrets once per process: from SSM SecureString parameters in
 * AWS (standard tier and the AWS-managed key: no monthly fee), from a local file locally.
 * A function can only read the parameters its catalog entry lists (IAM per function).
 */
import { readFileSync } from 'node:fs';
import { VENDOR_SECRETS, type VendorSecret } from './catalog.js';
import type { VendorConfig } from './config.js';

export type SecretReader = (name: VendorSecret) => Promise<string>;

export function secretReader(config: Pick<VendorConfig, 'SECRETS_PREFIX' | 'LOCAL_SECRETS_FILE'>): SecretReader {
  const cache = new Map<VendorSecret, Promise<string>>();
  const read = async (name: VendorSecret): Promise<string> => {
    if (config.LOCAL_SECRETS_FILE) {
      const all = JSON.parse(readFileSync(config.LOCAL_SECRETS_FILE, 'utf8')) as Partial<Record<string, string>>;
      const value = all[VENDOR_SECRETS[name]];
      if (!value) throw new Error(`Secret ${VENDOR_SECRETS[name]} is missing from ${config.LOCAL_SECRETS_FILE}.`);
      return value;
    }
    if (!config.SECRETS_PREFIX) throw new Error('SECRETS_PREFIX is not set: the control plane cannot read its secrets.');
    // Loaded only here, so functions that never read a secret never load the SSM client.
    const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
    const ssm = new SSMClient({});
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: `${config.SECRETS_PREFIX}/${VENDOR_SECRETS[name]}`, WithDecryption: true }));
    if (!Parameter?.Value) throw new Error(`Secret ${VENDOR_SECRETS[name]} has no value in SSM.`);
    return Parameter.Value;
  };
  return (name) => {
    let pending = cache.get(name);
    if (!pending) {
      pending = read(name);
      // A failed read is retried on the next call instead of being cached.
      pending.catch(() => cache.delete(name));
      cache.set(name, pending);
    }
    return pending;
  };
}
