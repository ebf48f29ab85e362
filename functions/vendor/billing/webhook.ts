/**
 * Stripe's webhook endpoint, minus the Lambda glue: the signature is verified on the raw
 * bytes before anything is parsed (API Gateway may hand them over base64-encoded), a bad or
 * stale signature is a 400, and a valid event is only queued by id for the worker. Fails
 * closed: without a signing secret nothing is accepted.
 */
import type Stripe from 'stripe';
import type { SendBilling } from './messages.js';
import { HANDLED_STRIPE_EVENTS } from './stripe-views.js';

/** Stripe's events are far smaller; a bound keeps a flood of junk cheap. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;
/** Stripe's default: a signature older than 5 minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookDeps {
  webhooks: Pick<Stripe['webhooks'], 'constructEvent'>;
  signingSecret: () => Promise<string>;
  sendBilling: SendBilling;
}

export interface WebhookRequest {
  body: string | undefined;
  isBase64Encoded: boolean;
  signature: string | undefined;
}

export interface WebhookResponse {
  statusCode: number;
  body: string;
}

const answer = (statusCode: number, body: object): WebhookResponse => ({ statusCode, body: JSON.stringify(body) });

export async function receiveStripeWebhook(deps: WebhookDeps, request: WebhookRequest): Promise<WebhookResponse> {
  const raw = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_WEBHOOK_BYTES) return answer(413, { error: `The body is over ${MAX_WEBHOOK_BYTES} bytes.` });
  if (!request.signature) return answer(400, { error: 'Missing Stripe-Signature header.' });
  const secret = await deps.signingSecret();
  if (!secret) throw new Error('The Stripe webhook signing secret is empty: refusing every webhook.');
  let event: Stripe.Event;
  try {
    event = deps.webhooks.constructEvent(raw, request.signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch {
    // Not saying why: a forger learns nothing from the answer.
    return answer(400, { error: 'Invalid signature.' });
  }
  if (!HANDLED_STRIPE_EVENTS.has(event.type)) return answer(200, { received: true, queued: false });
  await deps.sendBilling({ kind: 'stripe-event', id: event.id, type: event.type });
  return answer(200, { received: true, queued: true });
}
