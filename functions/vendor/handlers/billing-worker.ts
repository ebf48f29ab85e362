/** Lambda entry point of the billing worker (SQS, partial batch responses). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { SQSEvent } from 'aws-lambda';
import type Stripe from 'stripe';
import { createDocumentClient } from '../../platform/dynamo.js';
import { createObservability } from '../../platform/observability.js';
import { createStripe } from '../billing/stripe-client.js';
import { processBillingBatch } from '../billing/worker.js';
import { loadVendorConfig } from '../config.js';
import { secretReader } from '../secrets.js';

const { logger, metrics, tracer } = createObservability('billing-worker');
const config = loadVendorConfig();
const secrets = secretReader(config);
const db = createDocumentClient(config);
// The key is read once per container, on the first batch (the secret reader caches it).
let stripe: Stripe | undefined;

export const handler = middy(async (event: SQSEvent) => {
  stripe ??= createStripe(await secrets('stripeApiKey'), config.STRIPE_API_BASE);
  return processBillingBatch(event.Records, { db, tableName: config.VENDOR_TABLE_NAME, stripe, now: () => new Date(), log: logger });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
