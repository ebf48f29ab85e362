/**
 * The local queue and bus speak SQS's and EventBridge's wire protocols: the official
 * SDK v3 clients, pointed at them by endpoint override, work unchanged. Also the bus's
 * event pattern matching and the envelope it delivers.
 */
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_JOINED } from '../../functions/identity/domain.js';
import { matchesEventPattern } from '../../functions/local/event-pattern.js';
import { createLocalBus } from '../../functions/local/local-bus.js';
import type { LocalQueue } from '../../functions/local/local-queue.js';
import { md5OfMessageAttributes } from '../../functions/local/sqs-endpoint.js';
import { eventually } from '../support/eventually.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';

let t: TestRuntime;
let sqs: SQSClient;
let events: EventBridgeClient;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const domainEvent = (userId: string) => ({
  id: `evt-${randomUUID()}`,
  type: USER_JOINED,
  version: 1,
  occurredAt: new Date().toISOString(),
  actor: { userId, via: 'system' },
  subject: { kind: 'user', id: userId },
  data: { via: 'test' },
});

const auditEntriesFor = async (userId: string) =>
  (await t.items()).filter((i) => i.entity === 'AuditEntry' && (i.actor as { userId?: string }).userId === userId);

beforeAll(async () => {
  t = await startTestRuntime('endpoints');
  sqs = new SQSClient({ endpoint: t.runtime.aws.sqsEndpoint, region: 'local', credentials });
  events = new EventBridgeClient({ endpoint: t.runtime.aws.eventBridgeEndpoint, region: 'local', credentials });
});

afterAll(async () => {
  sqs?.destroy();
  events?.destroy();
  await t?.stop();
});

describe('SQS (AWS JSON 1.0) with @aws-sdk/client-sqs', () => {
  it('sends a message and returns the MessageId and body MD5 the SDK verifies', async () => {
    const body = JSON.stringify({ kind: 'job', jobId: randomUUID(), type: 'unknown-to-this-worker', payload: {} });
    const result = await sqs.send(
      new SendMessageCommand({
        QueueUrl: t.runtime.aws.jobQueueUrl,
        MessageBody: body,
        MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
      }),
    );
    expect(result.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/);
    expect(result.MD5OfMessageAttributes).toBe(md5OfMessageAttributes({ origin: { DataType: 'String', StringValue: 'test' } }));
  });

  it('sends a batch and reports each invalid entry as failed without failing the others', async () => {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: t.runtime.aws.jobQueueUrl,
        Entries: [
          { Id: 'one', MessageBody: '{"n":1}' },
          { Id: 'two', MessageBody: 'bad \u0000 character' },
        ],
      }),
    );
    expect(result.Successful?.map((s) => s.Id)).toEqual(['one']);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'two', Code: 'InvalidMessageContents', SenderFault: true })]);
  });

  it('answers an unknown queue with QueueDoesNotExist', async () => {
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: `${t.runtime.aws.sqsEndpoint}/000000000000/nope`, MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('says which operations it implements when asked for another', async () => {
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: t.runtime.aws.jobQueueUrl }))).rejects.toThrow(/SendMessage, SendMessageBatch only/);
  });
});

describe('EventBridge (AWS JSON 1.1) with @aws-sdk/client-eventbridge', () => {
  it('accepts a domain event, routes it by the catalog rule to the worker, which audits it', async () => {
    const userId = randomUUID();
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: t.runtime.aws.eventBusName,
            Source: 'ownstack',
            DetailType: USER_JOINED,
            Detail: JSON.stringify(domainEvent(userId)),
            Time: new Date(),
          },
        ],
      }),
    );
    expect(result).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    await eventually(async () => (await auditEntriesFor(userId)).length === 1, { what: 'the audit entry' });
  });

  it('accepts but routes nowhere an event that no rule matches', async () => {
    const userId = randomUUID();
    // The jobs the runtime schedules at start (trash purge, update check) must not count here.
    await t.runtime.queueIdle();
    const before = t.runtime.queueState().delivered;
    const result = await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: t.runtime.aws.eventBusName, Source: 'someone.else', DetailType: USER_JOINED, Detail: JSON.stringify(domainEvent(userId)) }],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.runtime.queueState().delivered).toBe(before);
    expect(await auditEntriesFor(userId)).toHaveLength(0);
  });

  it('fails only the malformed entries of a request, with EventBridge error codes', async () => {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: t.runtime.aws.eventBusName, Source: 'ownstack', DetailType: 'x', Detail: '{"ok":true}' },
          { EventBusName: t.runtime.aws.eventBusName, Source: 'ownstack', DetailType: 'x', Detail: 'not json' },
          { EventBusName: 'no-such-bus', Source: 'ownstack', DetailType: 'x', Detail: '{}' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.[0]).toHaveProperty('EventId');
    expect(result.Entries?.[1]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'ResourceNotFoundException' });
  });

  it('refuses more than 10 entries per request', async () => {
    const entries = Array.from({ length: 11 }, () => ({ EventBusName: t.runtime.aws.eventBusName, Source: 'ownstack', DetailType: 'x', Detail: '{}' }));
    await expect(events.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('the local bus', () => {
  it('delivers the EventBridge envelope to the target queue', () => {
    const sent: string[] = [];
    const send = ({ body }: { body: string }) => {
      sent.push(body);
      return { messageId: 'm', md5OfBody: '' };
    };
    const queue = { send } as unknown as LocalQueue;
    const bus = createLocalBus('bus', [{ id: 'r', pattern: { source: ['ownstack'] }, target: 'jobs' }], { jobs: queue });

    const id = bus.put({ source: 'ownstack', detailType: 'a.b', detail: { x: 1 }, time: new Date('2026-11-24T10:00:00.123Z') });

    expect(JSON.parse(sent[0] ?? '')).toEqual({
      version: '0',
      id,
      'detail-type': 'a.b',
      source: 'ownstack',
      account: '000000000000',
      time: '2026-11-24T10:00:00Z',
      region: 'local',
      resources: [],
      detail: { x: 1 },
    });
  });

  it('refuses at start-up a rule whose filter it does not implement', () => {
    expect(() => createLocalBus('bus', [{ id: 'r', pattern: { source: [{ wildcard: 'own*' }] }, target: 'jobs' }], { jobs: {} as LocalQueue })).toThrow(
      /does not implement/,
    );
  });
});

describe('event pattern matching', () => {
  const event = { source: 'ownstack', 'detail-type': 'identity.user.joined', detail: { role: 'owner', count: 3, tags: ['a', 'b'], nested: { ok: true } } };

  it.each([
    ['an exact source', { source: ['ownstack'] }, true],
    ['one of several sources', { source: ['other', 'ownstack'] }, true],
    ['another source', { source: ['other'] }, false],
    ['source and detail-type together', { source: ['ownstack'], 'detail-type': ['identity.user.joined'] }, true],
    ['source with the wrong detail-type', { source: ['ownstack'], 'detail-type': ['identity.user.left'] }, false],
    ['a nested detail field', { detail: { nested: { ok: [true] } } }, true],
    ['any element of an array field', { detail: { tags: ['b'] } }, true],
    ['a missing field', { detail: { absent: ['x'] } }, false],
    ['a prefix', { 'detail-type': [{ prefix: 'identity.' }] }, true],
    ['anything but a value', { detail: { role: [{ 'anything-but': ['member'] }] } }, true],
    ['anything but the actual value', { detail: { role: [{ 'anything-but': 'owner' }] } }, false],
    ['exists: true', { detail: { role: [{ exists: true }] } }, true],
    ['exists: false on a present field', { detail: { role: [{ exists: false }] } }, false],
    ['exists: false on an absent field', { detail: { absent: [{ exists: false }] } }, true],
    ['a numeric range', { detail: { count: [{ numeric: ['>', 1, '<=', 3] }] } }, true],
    ['a numeric range that excludes it', { detail: { count: [{ numeric: ['>', 3] }] } }, false],
  ])('matches %s: %j → %s', (_name, pattern, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });
});
