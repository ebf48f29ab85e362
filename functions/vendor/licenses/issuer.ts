/**
 * Issues a signed license for an installation as it stands now: its subscription, the
 * fleet flags, its ring and channel. Every license is fresh: the control plane keeps none,
 * so a change (a payment, a flag, a ring) is in the next one an installation pulls.
 */
import type { Clock, IdSource } from '../../platform/ports.js';
import type { SubscriptionStore } from '../subscription.js';
import { type FleetFlagSet, issueLicense, type LicenseSubject } from './issue.js';
import { signLicense } from './sign.js';
import type { LicenseSigningKey } from './signing-key.js';

export interface LicenseIssuerDeps {
  subscriptions: Pick<SubscriptionStore, 'get'>;
  /** The fleet flags a license carries (E2's `fleetFlagsForLicense`). */
  fleetFlags: () => Promise<FleetFlagSet>;
  signingKey: () => Promise<LicenseSigningKey>;
  clock: Clock;
  ids: IdSource;
}

export function createLicenseIssuer(deps: LicenseIssuerDeps) {
  return async function licenseFor(installation: LicenseSubject): Promise<string> {
    const [subscription, fleet, key] = await Promise.all([deps.subscriptions.get(installation.installationId), deps.fleetFlags(), deps.signingKey()]);
    const claims = issueLicense({ installation, subscription, fleet, now: deps.clock.now(), jti: deps.ids.next() });
    return signLicense(claims, key);
  };
}
