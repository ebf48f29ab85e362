/**
 * Names for the few resources that need one and whose names are shared across a whole
 * account (CloudFront policies and functions are global; Cognito domain prefixes are
 * global per region). Derived from the CloudFormation stack id, which is unique across
 * accounts, regions and time, so two installations never collide and nothing is fixed.
 */
import { Aws, Fn } from 'aws-cdk-lib';

/** The last 12 hex digits of the stack id's UUID, resolved at deploy time. */
export function installationSuffix(): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return Fn.select(4, Fn.split('-', stackUuid));
}

/** `ownstack-<purpose>-<suffix>`, e.g. `ownstack-security-headers-1a2b3c4d5e6f`; purpose in lowercase letters and dashes. */
export function installationScopedName(purpose: string): string {
  if (!/^[a-z][a-z-]{0,30}$/.test(purpose)) {
    throw new Error(`Name purpose "${purpose}" must be 1 to 31 lowercase letters or dashes, starting with a letter (it becomes part of a resource name).`);
  }
  return Fn.join('-', ['ownstack', purpose, installationSuffix()]);
}
