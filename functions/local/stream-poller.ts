/**
 * The table stream's event source mapping, locally: polls DynamoDB Local's stream every
 * ~250 ms, applies the catalog's filter, and invokes the outbox publisher with a
 * `DynamoDBStreamEvent`. A reported failure is retried from its sequence number (up to the
 * catalog's retry attempts), as Lambda does. The last processed sequence number of each
 * shard is saved, so a restart does not publish old records again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type DynamoDBClient, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue as StreamAttributeValue,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_REGION } from './local-aws.js';
import type { LocalLog } from './log.js';

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  batchSize: number;
  retryAttempts: number;
  /** Which records reach the function (the event source mapping's filter). */
  filter: (record: DynamoDBRecord) => boolean;
  invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  /** Where the last sequence number per shard is kept. @default memory only */
  checkpointFile?: string;
  /** @default 250 ms */
  intervalMs?: number;
  log: LocalLog;
}

interface ShardState {
  shardId: string;
  parentId?: string;
  iterator?: string;
  done: boolean;
  buffer: DynamoDBRecord[];
  attempts: number;
  retryAt: number;
}

interface Checkpoints {
  streamArn: string;
  shards: Record<string, string>;
}

export async function startStreamPoller(options: StreamPollerOptions) {
  const { Table } = await options.dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream; it must be created with StreamSpecification (see table-setup.ts).`);

  const checkpoints = loadCheckpoints(options.checkpointFile, streamArn);
  const shards = new Map<string, ShardState>();
  const interval = options.intervalMs ?? 250;
  let lastDescribe = 0;
  let stopped = false;
  let failingSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const save = (shardId: string, sequenceNumber: string | undefined) => {
    if (!sequenceNumber) return;
    checkpoints.shards[shardId] = sequenceNumber;
    if (options.checkpointFile) writeFileSync(options.checkpointFile, JSON.stringify(checkpoints));
  };

  async function describe() {
    lastDescribe = Date.now();
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) addShard(shard);
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  function addShard(shard: Shard) {
    if (!shard.ShardId || shards.has(shard.ShardId)) return;
    shards.set(shard.ShardId, { shardId: shard.ShardId, parentId: shard.ParentShardId, done: false, buffer: [], attempts: 0, retryAt: 0 });
  }

  async function iteratorFor(shard: ShardState): Promise<string | undefined> {
    const after = checkpoints.shards[shard.shardId];
    const { ShardIterator } = await options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /** Reads and processes one batch of a shard; returns whether it read anything. */
  async function pollShard(shard: ShardState): Promise<boolean> {
    if (shard.buffer.length === 0) {
      if (shard.done) return false;
      shard.iterator ??= await iteratorFor(shard);
      if (!shard.iterator) {
        shard.done = true;
        return false;
      }
      try {
        const page = await options.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: options.batchSize }));
        shard.iterator = page.NextShardIterator;
        if (!shard.iterator) shard.done = true;
        shard.buffer = (page.Records ?? []).map((r) => toLambdaRecord(r, streamArn as string));
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          shard.iterator = undefined;
          return false;
        }
        throw error;
      }
    }
    if (shard.buffer.length === 0) return false;
    if (Date.now() < shard.retryAt) return false;

    const records = shard.buffer;
    const matching = records.filter(options.filter);
    let failedAt: string | undefined;
    if (matching.length > 0) {
      try {
        const response = await options.invoke({ Records: matching });
        failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
      } catch (error) {
        options.log.warn(`outbox publisher failed: ${(error as Error).message}`);
        failedAt = matching[0]?.dynamodb?.SequenceNumber;
      }
    }
    const failedIndex = failedAt ? records.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt) : -1;
    if (failedIndex < 0) {
      save(shard.shardId, records.at(-1)?.dynamodb?.SequenceNumber);
      shard.buffer = [];
      shard.attempts = 0;
      return true;
    }
    save(shard.shardId, records[failedIndex - 1]?.dynamodb?.SequenceNumber);
    shard.attempts += 1;
    if (shard.attempts > options.retryAttempts) {
      options.log.error(`stream records from ${failedAt} were dropped after ${options.retryAttempts} retries (as Lambda would discard them)`);
      save(shard.shardId, records.at(-1)?.dynamodb?.SequenceNumber);
      shard.buffer = [];
      shard.attempts = 0;
      return true;
    }
    shard.buffer = records.slice(failedIndex);
    shard.retryAt = Date.now() + Math.min(5_000, 100 * 2 ** (shard.attempts - 1));
    return false;
  }

  async function tick() {
    let readSomething = false;
    try {
      const anyDone = [...shards.values()].some((s) => s.done);
      if (Date.now() - lastDescribe > 5_000 || anyDone || shards.size === 0) await describe();
      for (const shard of shards.values()) {
        const parent = shard.parentId ? shards.get(shard.parentId) : undefined;
        if ((shard.done && shard.buffer.length === 0) || (parent && !parent.done)) continue;
        if (await pollShard(shard)) readSomething = true;
      }
      for (const [id, shard] of shards) if (shard.done && shard.buffer.length === 0) shards.delete(id);
      if (failingSince) options.log.info('table stream reachable again');
      failingSince = undefined;
    } catch (error) {
      if (!failingSince) options.log.warn(`table stream poll failed (will keep trying): ${(error as Error).message}`);
      failingSince ??= Date.now();
    }
    if (!stopped) timer = setTimeout(loop, readSomething ? 0 : interval);
  }

  function loop() {
    running = tick();
  }

  loop();
  return {
    streamArn,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function loadCheckpoints(file: string | undefined, streamArn: string): Checkpoints {
  if (file && existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Checkpoints;
      // A new stream (the table was recreated) starts from its beginning.
      if (saved.streamArn === streamArn && typeof saved.shards === 'object') return saved;
    } catch {
      // A torn file: start from the oldest records; consumers deduplicate by event id.
    }
  }
  return { streamArn, shards: {} };
}

/** The SDK's stream record, in the shape Lambda passes it (epoch seconds, base64 binaries). */
export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
  } as DynamoDBRecord;
}

type LambdaImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function toLambdaImage(image: Record<string, StreamAttributeValue>): LambdaImage {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)])) as LambdaImage;
}

function toLambdaValue(value: StreamAttributeValue): unknown {
  if (value.B) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M) return { M: toLambdaImage(value.M) };
  if (value.L) return { L: value.L.map(toLambdaValue) };
  return value;
}
