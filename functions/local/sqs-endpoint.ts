/**
 * SQS's `SendMessage` and `SendMessageBatch` (AWS JSON 1.0) in front of the local queues,
 * with SQS's checks (size, characters, batch rules) and its MD5 digests, which the SDK
 * verifies. Queues are addressed by URL, as in AWS.
 */
import { createHash } from 'node:crypto';
import type { SQSMessageAttribute } from 'aws-lambda';
import { AwsServiceError, createAwsJsonService } from './aws-json-protocol.js';
import type { LocalQueue } from './local-queue.js';

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_BATCH_ENTRIES = 10;
// SQS accepts only these characters in a body (XML 1.0's).
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

interface WireAttribute {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: string;
}

export function createSqsEndpoint(queuesByUrl: ReadonlyMap<string, LocalQueue>) {
  function queueOf(input: Record<string, unknown>): LocalQueue {
    const url = input.QueueUrl;
    if (typeof url !== 'string') throw new AwsServiceError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    const queue = queuesByUrl.get(url);
    if (!queue)
      throw new AwsServiceError('QueueDoesNotExist', `The specified queue does not exist: ${url}. Local queues: ${[...queuesByUrl.keys()].join(', ')}.`);
    return queue;
  }

  function sendOne(queue: LocalQueue, entry: Record<string, unknown>) {
    const body = entry.MessageBody;
    if (typeof body !== 'string' || body.length === 0) throw new AwsServiceError('MissingParameter', 'The request must contain the parameter MessageBody.');
    if (INVALID_CHARACTER.test(body)) throw new AwsServiceError('InvalidMessageContents', 'Invalid characters found in the message body.');
    const attributes = (entry.MessageAttributes ?? {}) as Record<string, WireAttribute>;
    const size = Buffer.byteLength(body, 'utf8') + attributesSize(attributes);
    if (size > MAX_MESSAGE_BYTES) throw new AwsServiceError('InvalidParameterValue', `The message is ${size} bytes; SQS accepts at most ${MAX_MESSAGE_BYTES}.`);
    const delay = typeof entry.DelaySeconds === 'number' ? entry.DelaySeconds : 0;
    if (delay < 0 || delay > 900) throw new AwsServiceError('InvalidParameterValue', 'DelaySeconds must be between 0 and 900.');
    const sent = queue.send({ body, attributes: toLambdaAttributes(attributes), delaySeconds: delay });
    const hasAttributes = Object.keys(attributes).length > 0;
    return {
      MessageId: sent.messageId,
      MD5OfMessageBody: sent.md5OfBody,
      ...(hasAttributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}),
    };
  }

  function sendMessage(input: Record<string, unknown>) {
    return sendOne(queueOf(input), input);
  }

  function sendMessageBatch(input: Record<string, unknown>) {
    const queue = queueOf(input);
    const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : [];
    if (entries.length === 0) throw new AwsServiceError('EmptyBatchRequest', 'The batch request does not contain any entries.');
    if (entries.length > MAX_BATCH_ENTRIES) throw new AwsServiceError('TooManyEntriesInBatchRequest', `At most ${MAX_BATCH_ENTRIES} entries per batch.`);
    const ids = entries.map((e) => e.Id);
    if (ids.some((id) => typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)))
      throw new AwsServiceError('InvalidBatchEntryId', 'A batch entry id is invalid.');
    if (new Set(ids).size !== ids.length) throw new AwsServiceError('BatchEntryIdsNotDistinct', 'Two or more batch entries have the same Id.');
    const total = entries.reduce((sum, e) => sum + Buffer.byteLength(String(e.MessageBody ?? ''), 'utf8'), 0);
    if (total > MAX_MESSAGE_BYTES) throw new AwsServiceError('BatchRequestTooLong', `The batch is ${total} bytes; SQS accepts at most ${MAX_MESSAGE_BYTES}.`);

    const Successful: Record<string, unknown>[] = [];
    const Failed: Record<string, unknown>[] = [];
    for (const entry of entries) {
      try {
        Successful.push({ Id: entry.Id, ...sendOne(queue, entry) });
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: error.type, Message: error.message });
      }
    }
    return { Successful, Failed };
  }

  return createAwsJsonService({
    targetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    errorType: (type) => `com.amazonaws.sqs#${type}`,
    operations: { SendMessage: sendMessage, SendMessageBatch: sendMessageBatch },
  });
}

function attributesSize(attributes: Record<string, WireAttribute>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, a]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(a.DataType ?? '') +
      Buffer.byteLength(a.StringValue ?? '') +
      Buffer.from(a.BinaryValue ?? '', 'base64').length,
    0,
  );
}

function toLambdaAttributes(attributes: Record<string, WireAttribute>): Record<string, SQSMessageAttribute> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      { dataType: a.DataType ?? 'String', stringValue: a.StringValue, binaryValue: a.BinaryValue, stringListValues: [], binaryListValues: [] },
    ]),
  );
}

/** SQS's digest of message attributes: length-prefixed name, type, transport byte, value. */
export function md5OfMessageAttributes(attributes: Record<string, WireAttribute>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name] ?? {};
    const dataType = attribute.DataType ?? 'String';
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(dataType, 'utf8'));
    if (dataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(attribute.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
