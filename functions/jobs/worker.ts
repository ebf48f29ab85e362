/**
 * Runs one SQS batch: each message goes to the consumers registered for its event type or
 * to the handler of its job type. Failures are reported per message (partial batch
 * response), so one bad message never makes the others run again. Consumers must be
 * idempotent: SQS delivers at least once.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { DomainEvent } from '../events/domain.js';
import { type JobMessage, parseQueueMessage } from './messages.js';

/** How often this message has been received, so a consumer can tell its last attempt (the next failure dead-letters it). */
export interface Delivery {
  receiveCount: number;
  /** True when a failure now moves the message to the dead-letter queue. */
  lastAttempt: boolean;
}
export type EventConsumer = (event: DomainEvent, delivery: Delivery) => Promise<void>;
export type JobHandler = (job: JobMessage) => Promise<void>;
type QueueRecord = Pick<SQSRecord, 'messageId' | 'body'> & { attributes?: Partial<SQSRecord['attributes']> };

export interface WorkerRegistry {
  /** Consumers per event type; '*' receives every event. */
  consumers: Record<string, EventConsumer[]>;
  jobs: Record<string, JobHandler>;
}

export interface WorkerLog {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/**
 * `maxReceiveCount` is the queue's redrive setting (functions/catalog.ts); with it, the
 * consumers learn from the record's ApproximateReceiveCount when they run for the last time.
 */
export async function processQueueBatch(
  records: QueueRecord[],
  registry: WorkerRegistry,
  log: WorkerLog,
  maxReceiveCount = Number.POSITIVE_INFINITY,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1;
    try {
      await runMessage(record.body, registry, log, { receiveCount, lastAttempt: receiveCount >= maxReceiveCount });
    } catch (error) {
      log.error('message failed; it will be retried, then dead-lettered', { messageId: record.messageId, receiveCount, reason: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function runMessage(body: string, registry: WorkerRegistry, log: WorkerLog, delivery: Delivery): Promise<void> {
  const message = parseQueueMessage(body);
  if (message.kind === 'job') {
    const handler = registry.jobs[message.type];
    if (!handler) throw new Error(`No handler for job type "${message.type}".`);
    await handler(message);
    return;
  }
  // Wildcard consumers (the audit trail) first: a consumer that fails for good must not keep the event out of the trail.
  const consumers = [...(registry.consumers['*'] ?? []), ...(registry.consumers[message.event.type] ?? [])];
  if (consumers.length === 0) log.info('no consumer for event type; acknowledged', { type: message.event.type });
  for (const consume of consumers) await consume(message.event, delivery);
}
