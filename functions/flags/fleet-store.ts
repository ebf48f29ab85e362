/**
 * The fleet flags an installation is under: the ones signed into the license in force,
 * with the set's version and the installation's ring. Read from the stored license (one
 * GetItem), never from the control plane: a fleet change arrives with the next license
 * sync. Without a license in force there are no fleet flags and the ring is 2.
 */
import type { Entitlements } from '../entitlements/domain.js';
import type { LicenseClaims } from '../licensing/claims.js';
import type { FlagDefinition, Ring } from './model.js';

export interface FleetFlags {
  flags: FlagDefinition[];
  /** The control plane's counter the set was signed at (0 without a license). */
  flagsVersion: number;
  ring: Ring;
  installationId?: string;
}

export const NO_FLEET_FLAGS: FleetFlags = Object.freeze({ flags: [], flagsVersion: 0, ring: 2 });

/** What the installation reads the fleet flags from: the stored license and the entitlements it puts in force. */
export interface FleetFlagSources {
  licenses: { current(): Promise<{ claims: Pick<LicenseClaims, 'flags' | 'flagsVersion' | 'ring' | 'sub'> } | undefined> };
  entitlements: () => Promise<Pick<Entitlements, 'source'>>;
}

export async function fleetFlagsInForce(sources: FleetFlagSources): Promise<FleetFlags> {
  const [license, entitlements] = await Promise.all([sources.licenses.current(), sources.entitlements()]);
  // A license past its offline grace no longer counts, for flags as for the plan.
  if (!license || entitlements.source !== 'license') return NO_FLEET_FLAGS;
  const { flags, flagsVersion, ring, sub } = license.claims;
  return { flags, flagsVersion, ring, installationId: sub };
}
