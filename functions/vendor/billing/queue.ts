/**
 * Puts billing messages on the billing queue (SQS in AWS, the local control plane's
 * in-process queue locally, through the same SQS API).
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { localClientOptions } from '../../platform/aws-clients.js';
import type { VendorConfig } from '../config.js';
import { type BillingMessage, type SendBilling, billingMessageSchema } from './messages.js';

export function sqsBillingSender(config: Pick<VendorConfig, 'BILLING_QUEUE_URL' | 'SQS_ENDPOINT'>, client?: SQSClient): SendBilling {
  const queueUrl = config.BILLING_QUEUE_URL;
  if (!queueUrl) throw new Error('BILLING_QUEUE_URL is not set: this function cannot queue billing messages.');
  const sqs = client ?? new SQSClient(config.SQS_ENDPOINT ? localClientOptions(config.SQS_ENDPOINT) : {});
  return async (message: BillingMessage) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(billingMessageSchema.parse(message)) }));
  };
}
