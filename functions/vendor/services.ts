/**
 * The control plane's composition root: builds every adapter once per process from the
 * validated configuration and hands use cases their ports. Nothing else constructs a
 * client; handlers call `createVendorServices` at cold start.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import type { CheckoutRequest, UsageReport, usageResponseSchema } from '../licensing/control-plane-api.js';
import { createDocumentClient } from '../platform/dynamo.js';
import { ulidSource } from '../platform/ids.js';
import { type Clock, type IdSource, systemClock } from '../platform/ports.js';
import { sqsBillingSender } from './billing/queue.js';
import { dynamoSubscriptionStore } from './billing/store.js';
import { createStripe } from './billing/stripe-client.js';
import { acceptUsage, type BillingDeps, openPortal, recordSeats, startCheckout, startTrial } from './billing/use-cases.js';
import type { VendorConfig } from './config.js';
import { fleetFlagsForLicense } from './fleet-flags.js';
import { nonceRecorder } from './http/nonces.js';
import type { SignedRequestKeys } from './http/signed-auth.js';
import { dynamoInstallationStore } from './installations/store.js';
import type { InstallationDeps } from './installations/use-cases.js';
import { createLicenseIssuer } from './licenses/issuer.js';
import { signingKeyLoader } from './licenses/signing-key.js';
import { type SecretReader, secretReader } from './secrets.js';

export interface VendorServices extends InstallationDeps {
  config: VendorConfig;
  db: DynamoDBDocumentClient;
  tableName: string;
  signedRequestKeys: SignedRequestKeys;
  billing: VendorBilling;
}

export interface VendorServiceOverrides {
  clock?: Clock;
  ids?: IdSource;
  db?: DynamoDBDocumentClient;
  billing?: VendorBilling;
}

export function createVendorServices(config: VendorConfig, overrides: VendorServiceOverrides = {}): VendorServices {
  const db = overrides.db ?? createDocumentClient(config);
  const tableName = config.VENDOR_TABLE_NAME;
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? ulidSource;
  const readSecret = secretReader(config);
  const installations = dynamoInstallationStore(db, tableName);
  const billing = overrides.billing ?? stripeBilling(config, db, readSecret, clock);
  const licenseFor = createLicenseIssuer({
    subscriptions: dynamoSubscriptionStore(db, tableName),
    fleetFlags: () => fleetFlagsForLicense(db, tableName),
    signingKey: signingKeyLoader(readSecret),
    clock,
    ids,
  });
  return {
    config,
    db,
    tableName,
    clock,
    ids,
    installations,
    licenseFor,
    recordSeats: (installationId, seats) => billing.recordSeats(installationId, seats),
    billing,
    signedRequestKeys: {
      signingKeyOf: async (installationId) => (await installations.get(installationId))?.signingKey,
      recordNonce: nonceRecorder(db, tableName, () => Math.floor(clock.now().getTime() / 1000)),
    },
  };
}

export interface VendorBilling {
  startTrial(installationId: string, plan: 'pro'): Promise<void>;
  checkoutSession(installationId: string, request: CheckoutRequest): Promise<{ url: string }>;
  portalSession(installationId: string, request: { returnUrl: string }): Promise<{ url: string }>;
  recordUsage(installationId: string, reports: UsageReport[]): Promise<z.infer<typeof usageResponseSchema>>;
  /** The reported seat count becomes the subscription quantity on per-seat plans. */
  recordSeats(installationId: string, seats: number): Promise<void>;
}

/** The installation API's view of billing; the Stripe client is built on first use from the key in the secret store. */
function stripeBilling(config: VendorConfig, db: DynamoDBDocumentClient, readSecret: SecretReader, clock: Clock): VendorBilling {
  let pending: Promise<BillingDeps> | undefined;
  const deps = () => {
    if (!pending) {
      pending = readSecret('stripeApiKey').then((key) => ({
        db,
        tableName: config.VENDOR_TABLE_NAME,
        stripe: createStripe(key, config.STRIPE_API_BASE),
        now: () => clock.now(),
        // Built here, not at cold start: the admin API has no billing queue to send to.
        sendBilling: sqsBillingSender(config),
        publicUrl: config.VENDOR_PUBLIC_URL,
      }));
      // A failed read is tried again on the next request instead of failing every one after it.
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
  return {
    startTrial: async (installationId) => startTrial(await deps(), installationId),
    checkoutSession: async (installationId, request) => startCheckout(await deps(), installationId, request),
    portalSession: async (installationId, request) => openPortal(await deps(), installationId, request),
    recordUsage: async (installationId, reports) => acceptUsage(await deps(), installationId, reports),
    recordSeats: async (installationId, seats) => recordSeats(await deps(), installationId, seats),
  };
}
