/**
 * An in-memory queue with SQS semantics for its one consumer (the job worker): messages
 * are delivered in batches as an `SQSEvent`; the ids in `batchItemFailures` (or the whole
 * batch, if the handler throws) come back after a backoff with a higher receive count;
 * after `maxReceiveCount` receives a message moves to the dead-letter list. Nothing here
 * survives a restart: a message in flight when the runtime stops is lost (see the doc).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';

export interface QueueMessageInput {
  body: string;
  attributes?: SQSRecord['messageAttributes'];
  delaySeconds?: number;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  reason: string;
  deadLetteredAt: string;
}

export interface QueueState {
  pending: number;
  inFlight: number;
  delivered: number;
  deadLetters: DeadLetter[];
}

export interface LocalQueueOptions {
  name: string;
  maxReceiveCount: number;
  batchSize: number;
  /** Wait this long for more messages before delivering a batch. @default 20 ms */
  batchingWindowMs?: number;
  /** First redelivery delay; doubles per receive, capped at 2 s. @default 100 ms */
  retryBackoffMs?: number;
  consume: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  onDeadLetter?: (letter: DeadLetter) => void;
}

interface StoredMessage {
  messageId: string;
  body: string;
  md5: string;
  attributes: SQSRecord['messageAttributes'];
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
  visibleAt: number;
}

export function createLocalQueue(options: LocalQueueOptions) {
  const arn = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${options.name}`;
  const waiting: StoredMessage[] = [];
  const deadLetters: DeadLetter[] = [];
  let inFlight = 0;
  let delivered = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  function send(input: QueueMessageInput): { messageId: string; md5OfBody: string } {
    const now = Date.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body: input.body,
      md5: createHash('md5').update(input.body, 'utf8').digest('hex'),
      attributes: input.attributes ?? {},
      sentAt: now,
      receiveCount: 0,
      visibleAt: now + (input.delaySeconds ?? 0) * 1000,
    };
    waiting.push(message);
    schedule(options.batchingWindowMs ?? 20);
    return { messageId: message.messageId, md5OfBody: message.md5 };
  }

  function schedule(minDelayMs = 0) {
    if (stopped || inFlight > 0 || waiting.length === 0) return;
    const nextVisible = Math.min(...waiting.map((m) => m.visibleAt));
    const delay = Math.max(minDelayMs, nextVisible - Date.now());
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void deliver(), delay);
  }

  async function deliver() {
    timer = undefined;
    const now = Date.now();
    const batch = waiting.filter((m) => m.visibleAt <= now).slice(0, options.batchSize);
    if (batch.length === 0) return schedule();
    for (const m of batch) waiting.splice(waiting.indexOf(m), 1);
    inFlight = batch.length;
    for (const m of batch) {
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
    }

    let failedIds: Set<string>;
    let reason = 'the worker reported it failed';
    try {
      const response = await options.consume({ Records: batch.map((m) => toRecord(m, arn)) });
      const reported = response?.batchItemFailures ?? [];
      // Lambda's rule: a failure id that is not in the batch fails the whole batch.
      const ids = new Set(batch.map((m) => m.messageId));
      failedIds = reported.every((f) => ids.has(f.itemIdentifier)) ? new Set(reported.map((f) => f.itemIdentifier)) : ids;
    } catch (error) {
      failedIds = new Set(batch.map((m) => m.messageId));
      reason = `the worker threw: ${(error as Error).message}`;
    }

    const backoffBase = options.retryBackoffMs ?? 100;
    for (const m of batch) {
      if (!failedIds.has(m.messageId)) {
        delivered += 1;
        continue;
      }
      if (m.receiveCount >= options.maxReceiveCount) {
        const letter = { messageId: m.messageId, body: m.body, receiveCount: m.receiveCount, reason, deadLetteredAt: new Date().toISOString() };
        deadLetters.push(letter);
        options.onDeadLetter?.(letter);
      } else {
        m.visibleAt = Date.now() + Math.min(2_000, backoffBase * 2 ** (m.receiveCount - 1));
        waiting.push(m);
      }
    }
    inFlight = 0;
    if (waiting.length === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
    schedule();
  }

  return {
    arn,
    send,
    state(): QueueState {
      return { pending: waiting.length, inFlight, delivered, deadLetters: [...deadLetters] };
    },
    /** Resolves once nothing is waiting or in flight (retries included). */
    idle(): Promise<void> {
      if (waiting.length === 0 && inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    },
  };
}

export type LocalQueue = ReturnType<typeof createLocalQueue>;

function toRecord(m: StoredMessage, arn: string): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: `${m.messageId}#${m.receiveCount}`,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: LOCAL_ACCOUNT_ID,
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    },
    messageAttributes: m.attributes,
    md5OfBody: m.md5,
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: LOCAL_REGION,
  };
}
