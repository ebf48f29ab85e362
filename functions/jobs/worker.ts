/**
 * Runs one SQS batch: each message goes to the consumers registered for its event type or
 * to the handler of its job type. Failures are reported per message (partial batch
 * response), so one bad message never makes the others run again. Consumers must be
 * idempotent: SQS delivers at least once.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { DomainEvent } from '../events/domain.js';
import { type JobMessage, parseQueueMessage } from './messages.js';

export type EventConsumer = (event: DomainEvent) => Promise<void>;
export type JobHandler = (job: JobMessage) => Promise<void>;

export interface WorkerRegistry {
  /** Consumers per event type; '*' receives every event. */
  consumers: Record<string, EventConsumer[]>;
  jobs: Record<string, JobHandler>;
}

export interface WorkerLog {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export async function processQueueBatch(records: Pick<SQSRecord, 'messageId' | 'body'>[], registry: WorkerRegistry, log: WorkerLog): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    try {
      await runMessage(record.body, registry, log);
    } catch (error) {
      log.error('message failed; it will be retried, then dead-lettered', { messageId: record.messageId, reason: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function runMessage(body: string, registry: WorkerRegistry, log: WorkerLog): Promise<void> {
  const message = parseQueueMessage(body);
  if (message.kind === 'job') {
    const handler = registry.jobs[message.type];
    if (!handler) throw new Error(`No handler for job type "${message.type}".`);
    await handler(message);
    return;
  }
  const consumers = [...(registry.consumers[message.event.type] ?? []), ...(registry.consumers['*'] ?? [])];
  if (consumers.length === 0) log.info('no consumer for event type; acknowledged', { type: message.event.type });
  for (const consume of consumers) await consume(message.event);
}
