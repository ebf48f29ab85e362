/**
 * The parameters of licensing and telemetry: where the vendor's control plane is, the
 * public key licenses are verified with (offline), and whether anything but license checks
 * leaves the installation. Defaults: the vendor's real public key, no control plane (the
 * community plan, nothing sent), telemetry on once connected (docs/telemetry.md lists every
 * field it sends).
 */
import { CfnParameter, type Stack } from 'aws-cdk-lib';
import { DEFAULT_VENDOR_PUBLIC_KEY } from '../functions/licensing/vendor-public-key.js';
import { addParameterGroup } from './parameter-groups.js';

export interface LicensingParameters {
  readonly controlPlaneUrl: CfnParameter;
  readonly vendorPublicKey: CfnParameter;
  readonly telemetry: CfnParameter;
}

/** The environment the API and the job worker read them from (functions/platform/config.ts). */
export function licensingEnvironment(parameters: LicensingParameters): Record<string, string> {
  return {
    CONTROL_PLANE_URL: parameters.controlPlaneUrl.valueAsString,
    VENDOR_PUBLIC_KEY: parameters.vendorPublicKey.valueAsString,
    TELEMETRY: parameters.telemetry.valueAsString,
  };
}

export function defineLicensingParameters(stack: Stack): LicensingParameters {
  const controlPlaneUrl = new CfnParameter(stack, 'ControlPlaneUrl', {
    type: 'String',
    description:
      "The vendor's control plane (https), for activation, the hourly license pull, billing and, with Telemetry on, usage reports. Empty: not connected, community plan, nothing is sent.",
    allowedPattern: '^(|https://[^\\s?#@/]+(/[^\\s?#]*)?)$',
    constraintDescription: 'must be empty or an https URL without query or credentials',
    maxLength: 2048,
    default: '',
  });
  const vendorPublicKey = new CfnParameter(stack, 'VendorPublicKey', {
    type: 'String',
    description:
      "The Ed25519 public key (JWK JSON) licenses are verified with, offline. Keep the default (the vendor's key) unless you run your own VendorStack: then use its LicensePublicKeyJwk output.",
    allowedPattern: '^\\{.*\\}$',
    constraintDescription: 'must be a JWK in JSON, e.g. {"kty":"OKP","crv":"Ed25519","x":"..."}',
    maxLength: 1024,
    default: DEFAULT_VENDOR_PUBLIC_KEY,
  });
  const telemetry = new CfnParameter(stack, 'Telemetry', {
    type: 'String',
    description:
      'on: an hourly heartbeat (version, channel, active users) and hourly usage (API calls, seats, storage, documents, projects) go to the control plane. off: only the license is pulled (docs/telemetry.md).',
    allowedValues: ['on', 'off'],
    default: 'on',
  });
  addParameterGroup(stack, 'Licensing and telemetry', [
    { parameter: controlPlaneUrl, label: 'Control plane URL' },
    { parameter: vendorPublicKey, label: 'Vendor license public key (JWK)' },
    { parameter: telemetry, label: 'Telemetry' },
  ]);
  return { controlPlaneUrl, vendorPublicKey, telemetry };
}
