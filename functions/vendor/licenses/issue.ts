/**
 * What a license says, from what the control plane knows now: the installation (ring,
 * channel), its subscription as the billing worker last read it from Stripe, and the
 * fleet flags. Pure: no clock, no ids, no I/O; the caller passes `now` and the `jti`.
 * The installation decides what applies (past_due after grace or canceled: the fallback).
 */
import type { FlagDefinition, Ring } from '../../flags/model.js';
import { LICENSE_AUDIENCE, LICENSE_ISSUER, LICENSE_TTL_SECONDS, type LicenseClaims, type LicenseStatus, licenseClaimsSchema } from '../../licensing/claims.js';
import { PLANS } from '../plans.js';
import type { SubscriptionState } from '../subscription.js';

export interface LicenseSubject {
  installationId: string;
  ring: Ring;
  channel: LicenseClaims['channel'];
}

export interface FleetFlagSet {
  flags: FlagDefinition[];
  flagsVersion: number;
}

export interface IssueInput {
  installation: LicenseSubject;
  /** Undefined when the installation never had a subscription. */
  subscription: SubscriptionState | undefined;
  fleet: FleetFlagSet;
  now: Date;
  /** A unique id for this license (audit trail). */
  jti: string;
}

export function issueLicense({ installation, subscription, fleet, now, jti }: IssueInput): LicenseClaims {
  const iat = Math.floor(now.getTime() / 1000);
  const status = licenseStatus(subscription);
  // Without a subscription Stripe knows of, the free plan; otherwise the plan paid for or trialled.
  const plan = status === undefined || !subscription ? PLANS.free : PLANS[subscription.plan];
  const seatsBilled = subscription?.seatsBilled ?? 0;
  const claims: LicenseClaims = {
    iss: LICENSE_ISSUER,
    aud: LICENSE_AUDIENCE,
    sub: installation.installationId,
    jti,
    iat,
    exp: iat + LICENSE_TTL_SECONDS,
    status: status ?? 'active',
    ...plan.grant,
    // The plan's seats are its cap; a customer who bought more than the cap gets what they pay for.
    seats: Math.max(plan.grant.seats, seatsBilled),
    fallback: PLANS.free.grant,
    ...(status === 'trialing' && subscription?.trialEndsAt ? { trialEndsAt: subscription.trialEndsAt } : {}),
    ...(status === 'past_due' && subscription?.graceEndsAt ? { graceEndsAt: subscription.graceEndsAt } : {}),
    ring: installation.ring,
    channel: installation.channel,
    flags: fleet.flags,
    flagsVersion: fleet.flagsVersion,
  };
  // A license the installation would reject must never leave the control plane.
  return licenseClaimsSchema.parse(claims);
}

/** The license status of a subscription; undefined when there is none to speak of. */
function licenseStatus(subscription: SubscriptionState | undefined): LicenseStatus | undefined {
  if (!subscription || subscription.status === 'none') return undefined;
  return subscription.status;
}
