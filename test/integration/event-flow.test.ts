/**
 * The event path end to end on the local runtime: table stream → outbox publisher →
 * local bus → job queue → worker → audit trail, with SQS's retry and dead-letter rules
 * and the consumers' idempotency.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueCatalog } from '../../functions/catalog.js';
import { USER_JOINED } from '../../functions/identity/domain.js';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { lambdaContext } from '../../functions/local/lambda-context.js';
import { toLambdaRecord } from '../../functions/local/stream-poller.js';
import { eventually } from '../support/eventually.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { signWithRuntimeKey, validClaims } from '../support/tokens.js';

let t: TestRuntime;
let sqs: SQSClient;

const auditEntriesFor = async (userId: string) =>
  (await t.items()).filter((i) => i.entity === 'AuditEntry' && (i.actor as { userId?: string }).userId === userId);

async function signInNewUser() {
  const claims = validClaims(t.runtime.issuer);
  const response = await fetch(`${t.runtime.url}/api/me`, {
    headers: { authorization: `Bearer ${await signWithRuntimeKey({ dataDir: t.dataDir, issuer: t.runtime.issuer }, claims)}` },
  });
  expect(response.status).toBe(200);
  return claims.sub as string;
}

/** The stream records of the outbox item a user's first sign-in wrote, read like Lambda would. */
async function outboxRecordsFor(userId: string): Promise<DynamoDBRecord[]> {
  const options = { endpoint: t.runtime.dynamoEndpoint, region: 'local', credentials: dynamoDbLocalCredentials };
  const dynamo = new DynamoDBClient(options);
  const streams = new DynamoDBStreamsClient(options);
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: t.runtime.tableName }));
    const streamArn = Table?.LatestStreamArn ?? '';
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const { Records = [] } = await streams.send(new GetRecordsCommand({ ShardIterator }));
      records.push(...Records.map((r) => toLambdaRecord(r, streamArn)));
    }
    return records.filter((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.event?.M?.subject?.M?.id?.S === userId);
  } finally {
    dynamo.destroy();
    streams.destroy();
  }
}

beforeAll(async () => {
  t = await startTestRuntime('events');
  sqs = new SQSClient({ endpoint: t.runtime.aws.sqsEndpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  sqs?.destroy();
  await t?.stop();
});

describe('from first sign-in to the audit trail', () => {
  it('records identity.user.joined in the audit trail of the month after a first sign-in', async () => {
    const userId = await signInNewUser();

    const [entry] = await eventually(
      async () => {
        const entries = await auditEntriesFor(userId);
        return entries.length > 0 && entries;
      },
      { what: 'the audit entry' },
    );
    const month = new Date().toISOString().slice(0, 7);
    expect(entry).toMatchObject({
      pk: `AUDIT#${month}`,
      gsi1pk: `AUDIT_ACTOR#${userId}`,
      action: USER_JOINED,
      subject: { kind: 'user', id: userId },
      actor: { userId, via: 'session' },
    });
  });

  it('writes one audit entry when the same stream record is delivered twice', async () => {
    const userId = await signInNewUser();
    await eventually(async () => (await auditEntriesFor(userId)).length === 1, { what: 'the first audit entry' });
    const records = await outboxRecordsFor(userId);
    expect(records).toHaveLength(1);

    // Lambda's at-least-once delivery: the publisher gets the same record again.
    const { handler } = await import('../../functions/handlers/outbox-publisher.js');
    const event: DynamoDBStreamEvent = { Records: records };
    const deliveredBefore = t.runtime.queueState().delivered;
    for (let i = 0; i < 2; i++) {
      const result = await handler(event, lambdaContext('outboxPublisher', { memoryMb: 256, timeoutSeconds: 30 }));
      expect(result).toEqual({ batchItemFailures: [] });
    }
    await eventually(async () => t.runtime.queueState().pending === 0 && t.runtime.queueState().inFlight === 0, { what: 'the queue to drain' });
    await t.runtime.queueIdle();

    expect(t.runtime.queueState().delivered - deliveredBefore).toBe(2);
    const entries = await auditEntriesFor(userId);
    expect(entries).toHaveLength(1);
  });
});

describe('the job queue', () => {
  it(`retries a failing message and dead-letters it after ${queueCatalog.jobs.maxReceiveCount} receives`, async () => {
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: t.runtime.aws.jobQueueUrl, MessageBody: '{"not":"a job or an event"}' }));

    const letter = await eventually(async () => t.runtime.queueState().deadLetters.find((d) => d.messageId === MessageId), {
      timeoutMs: 15_000,
      what: 'the dead letter',
    });
    expect(letter.receiveCount).toBe(queueCatalog.jobs.maxReceiveCount);
    expect(letter.body).toBe('{"not":"a job or an event"}');
  });

  it('dead-letters a job whose type has no handler, and delivers its batch mates once', async () => {
    const userId = randomUUID();
    const goodEvent = {
      version: '0',
      id: randomUUID(),
      source: 'ownstack',
      'detail-type': USER_JOINED,
      detail: {
        id: `evt-${randomUUID()}`,
        type: USER_JOINED,
        version: 1,
        occurredAt: new Date().toISOString(),
        actor: { userId, via: 'system' },
        subject: { kind: 'user', id: userId },
        data: {},
      },
    };
    const badJob = { kind: 'job', jobId: randomUUID(), type: 'always-fails-in-this-test', payload: {} };
    const { Successful = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: t.runtime.aws.jobQueueUrl,
        Entries: [
          { Id: 'good', MessageBody: JSON.stringify(goodEvent) },
          { Id: 'bad', MessageBody: JSON.stringify(badJob) },
        ],
      }),
    );
    const badId = Successful.find((s) => s.Id === 'bad')?.MessageId;

    await eventually(async () => t.runtime.queueState().deadLetters.find((d) => d.messageId === badId), { timeoutMs: 15_000, what: 'the dead letter' });
    expect(await auditEntriesFor(userId)).toHaveLength(1);
  });
});
