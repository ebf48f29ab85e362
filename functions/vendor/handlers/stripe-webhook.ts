/** Lambda entry point of Stripe's webhook endpoint (HTTP API, public). Wiring only: verify, queue, answer. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import Stripe from 'stripe';
import { createObservability } from '../../platform/observability.js';
import { sqsBillingSender } from '../billing/queue.js';
import { receiveStripeWebhook } from '../billing/webhook.js';
import { loadVendorConfig } from '../config.js';
import { secretReader } from '../secrets.js';

const { logger, metrics, tracer } = createObservability('stripe-webhook');
const config = loadVendorConfig();
const secrets = secretReader(config);
const deps = { webhooks: Stripe.webhooks, signingSecret: () => secrets('stripeWebhookSecret'), sendBilling: sqsBillingSender(config) };

export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const response = await receiveStripeWebhook(deps, {
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
    signature: event.headers?.['stripe-signature'],
  });
  if (response.statusCode !== 200) logger.warn('stripe webhook refused', { statusCode: response.statusCode });
  return { ...response, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
