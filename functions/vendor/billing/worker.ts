/**
 * The billing worker's batch: each queued message (a Stripe event, an hour of usage to
 * forward, a seat count) is handled on its own, and only the failed ones are reported
 * back (partial batch response), so SQS retries them and, after `maxReceiveCount`, moves
 * them to the DLQ. Every handler is idempotent: SQS delivers at least once.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type Stripe from 'stripe';
import { billingMessageSchema } from './messages.js';
import { applySeats } from './seats.js';
import { dynamoSubscriptionStore } from './store.js';
import { processStripeEvent } from './stripe-events.js';
import { forwardUsage } from './usage.js';

export interface BillingWorkerDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  stripe: Stripe;
  now: () => Date;
  log: { info(message: string, extra: Record<string, unknown>): void; error(message: string, extra: Record<string, unknown>): void };
}

type QueueRecord = Pick<SQSRecord, 'messageId' | 'body'>;

export async function processBillingBatch(records: QueueRecord[], deps: BillingWorkerDeps): Promise<SQSBatchResponse> {
  const store = dynamoSubscriptionStore(deps.db, deps.tableName);
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    try {
      const parsed = billingMessageSchema.safeParse(JSON.parse(record.body));
      // A malformed message never gets better; it fails until the DLQ keeps it for a person to read.
      if (!parsed.success) throw new Error(`Not a billing message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const message = parsed.data;
      if (message.kind === 'stripe-event') {
        const { result, installationId } = await processStripeEvent({ db: deps.db, store, stripe: deps.stripe, now: deps.now }, message.id);
        deps.log.info('stripe event processed', { eventId: message.id, type: message.type, result, installationId });
      } else if (message.kind === 'usage-forward') {
        const result = await forwardUsage({ ...deps, store }, message);
        deps.log.info('usage forwarded', { ...message, result });
      } else {
        const result = await applySeats({ store, stripe: deps.stripe }, message);
        deps.log.info('seats applied', { ...message, result });
      }
    } catch (error) {
      deps.log.error('billing message failed; it will be retried, then dead-lettered', { messageId: record.messageId, reason: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
