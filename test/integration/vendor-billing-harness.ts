/**
 * The control plane's billing, assembled from real parts for a test file: a vendor table
 * of its own in the shared DynamoDB Local, the Stripe fake, the official SDK talking to
 * it, and a webhook endpoint (node:http) that runs the real `receiveStripeWebhook` on the
 * raw bytes. The billing queue is an array the test drains through the real worker.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import Stripe from 'stripe';
import { inject } from 'vitest';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { type StripeFake, startStripeFake } from '../../functions/local/stripe-fake/server.js';
import type { BillingMessage } from '../../functions/vendor/billing/messages.js';
import { dynamoSubscriptionStore } from '../../functions/vendor/billing/store.js';
import { createStripe } from '../../functions/vendor/billing/stripe-client.js';
import type { BillingDeps } from '../../functions/vendor/billing/use-cases.js';
import { receiveStripeWebhook } from '../../functions/vendor/billing/webhook.js';
import { processBillingBatch } from '../../functions/vendor/billing/worker.js';
import { ensureVendorTable, vendorKeys } from '../../functions/vendor/table.js';
import { scanAll } from '../support/table.js';

export interface BillingHarness {
  tableName: string;
  db: DynamoDBDocumentClient;
  fake: StripeFake;
  stripe: Stripe;
  webhookUrl: string;
  webhookSecret: string;
  deps: BillingDeps;
  store: ReturnType<typeof dynamoSubscriptionStore>;
  /** Messages queued and not yet drained. */
  queue: BillingMessage[];
  /** Runs the worker over everything queued (including what processing queues) until the queue is empty or only failures remain. */
  drain(): Promise<{ processed: number; failures: BillingMessage[] }>;
  /** An installation item as B1's registration writes it (the billing code only reads its existence and seats). */
  registerInstallation(seats?: number): Promise<string>;
  items(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const silentLog = { info() {}, error() {} };

export async function createBillingHarness(options: { now?: () => Date } = {}): Promise<BillingHarness> {
  const now = options.now ?? (() => new Date());
  const endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
  const tableName = `vendor-billing-${randomBytes(4).toString('hex')}`;
  await ensureVendorTable(client, tableName);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const queue: BillingMessage[] = [];
  const sendBilling = async (message: BillingMessage) => {
    queue.push(message);
  };
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const receiver = await listen(
    createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      // As API Gateway hands a JSON body over: base64 of the exact bytes received.
      const response = await receiveStripeWebhook(
        { webhooks: Stripe.webhooks, signingSecret: async () => webhookSecret, sendBilling },
        { body: Buffer.concat(chunks).toString('base64'), isBase64Encoded: true, signature: req.headers['stripe-signature'] as string | undefined },
      );
      res.writeHead(response.statusCode, { 'content-type': 'application/json' }).end(response.body);
    }),
  );
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/stripe/webhook`;
  const fake = await startStripeFake({ webhookUrl, webhookSecret, now });
  const stripe = createStripe('sk_test_billing_harness', fake.url);
  const deps: BillingDeps = { db, tableName, stripe, now, sendBilling };
  let sequence = 0;

  return {
    tableName,
    db,
    fake,
    stripe,
    webhookUrl,
    webhookSecret,
    deps,
    store: dynamoSubscriptionStore(db, tableName),
    queue,
    async drain() {
      let processed = 0;
      const failures: BillingMessage[] = [];
      while (queue.length > 0) {
        const batch = queue.splice(0, 10);
        const records = batch.map((message) => ({ messageId: `m${++sequence}`, body: JSON.stringify(message) }));
        const response: SQSBatchResponse = await processBillingBatch(records, { db, tableName, stripe, now, log: silentLog });
        const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        for (const [index, record] of records.entries()) {
          if (failed.has(record.messageId)) failures.push(batch[index] as BillingMessage);
          else processed++;
        }
      }
      return { processed, failures };
    },
    async registerInstallation(seats = 3) {
      const id = `inst_${randomBytes(12).toString('hex')}`;
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...vendorKeys.installation(id), ...vendorKeys.fleet(id), entity: 'Installation', schemaVersion: 1, installationId: id, seats },
        }),
      );
      return id;
    },
    async items() {
      return scanAll(db, tableName);
    },
    async close() {
      await fake.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    },
  };
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
