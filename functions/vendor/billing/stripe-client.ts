/**
 * The Stripe SDK as the control plane uses it: pinned API version, bounded retries and
 * timeout, and, locally, pointed at the Stripe fake (`STRIPE_API_BASE`) instead of
 * api.stripe.com. The key comes from the secret reader, never from the environment.
 */
import Stripe from 'stripe';

export const STRIPE_API_VERSION = '2026-10-28.endive';

export function createStripe(apiKey: string, apiBase?: string): Stripe {
  const local = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(apiKey, {
    apiVersion: STRIPE_API_VERSION,
    // Retries reuse the SDK's idempotency key, so a retried POST never acts twice.
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    ...(local
      ? { host: local.hostname, port: local.port || (local.protocol === 'https:' ? 443 : 80), protocol: local.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  });
}
