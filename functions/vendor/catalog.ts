/**
 * Every function of the control plane (`VendorStack`), declared once as data: the CDK
 * stack builds a Lambda per entry with exactly these grants, and the local control plane
 * (`functions/vendor/local/`) wires the same handlers to its HTTP server and queue.
 */

/** SSM parameter names (under the stack's prefix) that hold secrets; never environment values. */
export const VENDOR_SECRETS = {
  /** The Ed25519 private key (JWK), created once by the signing-key custom resource; SecureString. */
  signingKey: 'license-signing-key',
  /** The Stripe secret API key, put there by the vendor's operator; SecureString. */
  stripeApiKey: 'stripe-api-key',
  /** The Stripe webhook endpoint's signing secret (`whsec_…`); SecureString. */
  stripeWebhookSecret: 'stripe-webhook-secret',
} as const;
export type VendorSecret = keyof typeof VENDOR_SECRETS;

export interface VendorFunctionAccess {
  /** The control plane's table. @default none */
  table?: 'read' | 'read-write';
  /** Read these SecureString parameters (and decrypt them with the AWS-managed key). @default none */
  secrets?: readonly VendorSecret[];
  /** Send to the billing queue. @default false */
  sendBilling?: boolean;
}

export type VendorTrigger =
  | { kind: 'http-api'; auth: 'public' | 'admin' }
  | { kind: 'queue'; queue: 'billing'; batchSize: number }
  | { kind: 'custom-resource' };

export interface VendorFunctionDeclaration {
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly trigger: VendorTrigger;
  readonly access: VendorFunctionAccess;
}

export const vendorFunctionCatalog = {
  /** Installations: register, heartbeat, license, usage, trial, checkout and portal sessions. HMAC-signed (registration: activation code). */
  installationApi: {
    entry: 'functions/vendor/handlers/installation-api.ts',
    description: "Installations' API: registration, heartbeat, license, usage reports, trial, Checkout and Portal sessions",
    memoryMb: 512,
    timeoutSeconds: 15,
    trigger: { kind: 'http-api', auth: 'public' },
    access: { table: 'read-write', secrets: ['signingKey', 'stripeApiKey'], sendBilling: true },
  },
  /** Verifies Stripe's signature on the raw body and queues the event id: nothing else. */
  stripeWebhook: {
    entry: 'functions/vendor/handlers/stripe-webhook.ts',
    description: 'Receives Stripe webhooks: verifies the signature on the raw body, then queues the event',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: { kind: 'http-api', auth: 'public' },
    access: { secrets: ['stripeWebhookSecret'], sendBilling: true },
  },
  /** Processes queued Stripe events once each, forwards usage to Billing Meters and seat counts to subscriptions. */
  billingWorker: {
    entry: 'functions/vendor/handlers/billing-worker.ts',
    description: 'Processes Stripe events once each; forwards usage to Billing Meters and seats to subscription quantities',
    memoryMb: 512,
    timeoutSeconds: 60,
    trigger: { kind: 'queue', queue: 'billing', batchSize: 10 },
    access: { table: 'read-write', secrets: ['stripeApiKey'] },
  },
  /** The vendor console's API: fleet view, activation codes, rings, fleet flags. Signed-in vendor staff only. */
  adminApi: {
    entry: 'functions/vendor/handlers/admin-api.ts',
    description: "The vendor console's API: fleet, activation codes, rings and fleet flags",
    memoryMb: 512,
    timeoutSeconds: 15,
    trigger: { kind: 'http-api', auth: 'admin' },
    access: { table: 'read-write' },
  },
  /** Creates the license signing key once, in SSM, and returns only its public half. */
  signingKey: {
    entry: 'functions/vendor/handlers/signing-key.ts',
    description: 'Creates the Ed25519 license signing key once (SSM SecureString) and returns its public key',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: { kind: 'custom-resource' },
    access: {},
  },
} as const satisfies Record<string, VendorFunctionDeclaration>;

export type VendorFunctionId = keyof typeof vendorFunctionCatalog;

/** The billing queue: Stripe events and usage forwarding; after 5 receives a message goes to its DLQ. */
export const vendorQueue = { id: 'billing', maxReceiveCount: 5, visibilityTimeoutSeconds: 360, dlqRetentionDays: 14 } as const;

/** HTTP routes of the control plane, by function. Admin routes sit behind the vendor staff's JWT authorizer. */
export const vendorRoutes: readonly { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; fn: VendorFunctionId }[] = [
  { method: 'POST', path: '/v1/installations', fn: 'installationApi' },
  { method: 'POST', path: '/v1/heartbeat', fn: 'installationApi' },
  { method: 'GET', path: '/v1/license', fn: 'installationApi' },
  { method: 'POST', path: '/v1/usage', fn: 'installationApi' },
  { method: 'POST', path: '/v1/trials', fn: 'installationApi' },
  { method: 'POST', path: '/v1/checkout-sessions', fn: 'installationApi' },
  { method: 'POST', path: '/v1/portal-sessions', fn: 'installationApi' },
  { method: 'POST', path: '/stripe/webhook', fn: 'stripeWebhook' },
  { method: 'GET', path: '/admin/installations', fn: 'adminApi' },
  { method: 'GET', path: '/admin/installations/{installationId}', fn: 'adminApi' },
  { method: 'PUT', path: '/admin/installations/{installationId}/ring', fn: 'adminApi' },
  { method: 'POST', path: '/admin/activation-codes', fn: 'adminApi' },
  { method: 'GET', path: '/admin/flags', fn: 'adminApi' },
  { method: 'GET', path: '/admin/flags/{key}', fn: 'adminApi' },
  { method: 'PUT', path: '/admin/flags/{key}', fn: 'adminApi' },
  { method: 'DELETE', path: '/admin/flags/{key}', fn: 'adminApi' },
];
