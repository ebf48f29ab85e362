/**
 * Webhook processing time, receive → effect committed: the Stripe fake sends signed events
 * to the real receiver (`receiveStripeWebhook`, signature check on the raw bytes), which
 * hands each queued message straight to the real worker (`processBillingBatch`: read the
 * event and the subscriptions back through the SDK, one TransactWriteItems in DynamoDB
 * Local). The SQS hop is not in the figure (no local stand-in measures it honestly); the
 * Stripe round trips are to a loopback fake, so in AWS add Stripe's own latency (two or
 * three API calls per event).
 *
 *   npx tsx bench/webhooks.ts [--installations 40] [--serial]
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { dynamoDbLocalCredentials, startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { startStripeFake } from '../functions/local/stripe-fake/server.js';
import { createDocumentClient } from '../functions/platform/dynamo.js';
import type { BillingMessage } from '../functions/vendor/billing/messages.js';
import { dynamoSubscriptionStore } from '../functions/vendor/billing/store.js';
import { createStripe } from '../functions/vendor/billing/stripe-client.js';
import { recordSeats, startTrial } from '../functions/vendor/billing/use-cases.js';
import { receiveStripeWebhook } from '../functions/vendor/billing/webhook.js';
import { processBillingBatch } from '../functions/vendor/billing/worker.js';
import { ensureVendorTable, vendorKeys } from '../functions/vendor/table.js';
import { summarize } from './stats.js';

const { values } = parseArgs({ options: { installations: { type: 'string', default: '40' }, serial: { type: 'boolean', default: false } } });
const installations = Number(values.installations);
/** --serial: the endpoint answers only once the worker is done, so events are processed one at a time (no contention). */
const serial = values.serial ?? false;

const dynamo = await startDynamoDbLocal();
const tableName = 'vendor-bench';
const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
await ensureVendorTable(admin, tableName);
admin.destroy();
const db = createDocumentClient({ DYNAMODB_ENDPOINT: dynamo.endpoint });
const secret = `whsec_${randomBytes(16).toString('hex')}`;
const results = new Map<string, number>();
const log = {
  info: (_: string, extra: Record<string, unknown>) => {
    if (typeof extra.eventId === 'string') results.set(String(extra.result), (results.get(String(extra.result)) ?? 0) + 1);
  },
  error: (message: string, extra: Record<string, unknown>) => console.error(message, extra),
};

const timings: number[] = [];
const outcomes = new Map<string, number>();
const inFlight: Promise<void>[] = [];
let stripe: Stripe;
let sequence = 0;

// One message = one worker invocation, as SQS would deliver it, started the moment it is queued.
async function runWorker(message: BillingMessage, receivedAt: number) {
  const response = await processBillingBatch([{ messageId: `m${++sequence}`, body: JSON.stringify(message) }], {
    db,
    tableName,
    stripe,
    now: () => new Date(),
    log,
  });
  const failed = response.batchItemFailures.length > 0;
  if (message.kind === 'stripe-event') {
    outcomes.set(failed ? 'failed' : message.type, (outcomes.get(failed ? 'failed' : message.type) ?? 0) + 1);
    if (!failed) timings.push(performance.now() - receivedAt);
  }
}

const receiver = createServer(async (req, res) => {
  const receivedAt = performance.now();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const queued: BillingMessage[] = [];
  const response = await receiveStripeWebhook(
    { webhooks: Stripe.webhooks, signingSecret: async () => secret, sendBilling: async (m) => void queued.push(m) },
    { body: Buffer.concat(chunks).toString('base64'), isBase64Encoded: true, signature: req.headers['stripe-signature'] as string },
  );
  const work = queued.map((message) => runWorker(message, receivedAt));
  if (serial) await Promise.all(work);
  else inFlight.push(...work);
  res.writeHead(response.statusCode).end(response.body);
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const fake = await startStripeFake({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/stripe/webhook`, webhookSecret: secret });
stripe = createStripe('sk_test_bench', fake.url);
const deps = {
  db,
  tableName,
  stripe,
  now: () => new Date(),
  // Seat changes go straight to the worker too; their own time is not a webhook's.
  sendBilling: async (m: BillingMessage) => void inFlight.push(runWorker(m, performance.now())),
};

const store = dynamoSubscriptionStore(db, tableName);

// Each installation: a trial (created, invoice.paid), a seat change (updated), a failed payment
// (payment_failed, updated), a payment (invoice.paid, updated), a second redelivered event: 8 events.
for (let i = 0; i < installations; i++) {
  const id = `inst_bench${String(i).padStart(16, '0')}`;
  await db.send(
    new PutCommand({ TableName: tableName, Item: { ...vendorKeys.installation(id), entity: 'Installation', schemaVersion: 1, installationId: id, seats: 2 } }),
  );
  await startTrial(deps, id);
  await Promise.all(inFlight.splice(0));
  await recordSeats(deps, id, 5);
  await Promise.all(inFlight.splice(0));
  const subscriptionId = (await store.get(id))?.stripeSubscriptionId as string;
  await fake.controls.failPayment(subscriptionId);
  await fake.controls.pay(subscriptionId);
  const last = fake.controls.events().at(-1)?.id as string;
  await fake.controls.redeliver(last);
  await Promise.all(inFlight.splice(0));
}
await Promise.all(inFlight.splice(0));

const s = summarize(timings);
const round = (ms: number) => Math.round(ms * 10) / 10;
console.log(
  `webhook processing, receive → committed (n=${s.n} events, ${installations} installations, ${serial ? 'one at a time' : 'as delivered, concurrently'})`,
);
console.log(`  p50 ${round(s.median)} ms   p90 ${round(s.p90)} ms   p99 ${round(s.p99)} ms   max ${round(s.max)} ms`);
console.log(`  results: ${[...results].map(([result, n]) => `${result} ${n}`).join(', ')}`);
console.log(`  by type: ${[...outcomes].map(([type, n]) => `${type} ${n}`).join(', ')}`);

await fake.close();
await new Promise<void>((resolve) => receiver.close(() => resolve()));
db.destroy();
await dynamo.stop();
