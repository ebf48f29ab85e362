/**
 * The bench's DynamoDB Local: started once for the whole run, with the table created from
 * the same declaration as the stack's, and shared by the cold-start probes, the local
 * runtime and the raw SDK measurements, so every figure in a run comes from the same
 * database. In memory by default: on disk it writes about ten times slower, which makes a
 * 100 000-user table take many minutes to seed (reads are what the bench times).
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbLocalCredentials, startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { ensureTable } from '../functions/local/table-setup.js';
import { createDocumentClient } from '../functions/platform/dynamo.js';

/** The region the bench's clients and probes use; DynamoDB Local runs with -sharedDb, so any works. */
export const BENCH_REGION = 'us-east-1';

export interface BenchDatabase {
  endpoint: string;
  /** The java process, to watch its CPU. */
  pid: number;
  tableName: string;
  /** A document client configured as the functions configure theirs. */
  db: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export async function startBenchDatabase(dataDir: string, tableName: string, storage: { disk: boolean }): Promise<BenchDatabase> {
  const local = await startDynamoDbLocal({ ...(storage.disk ? { dbPath: join(dataDir, 'dynamodb') } : {}), pidFile: join(dataDir, 'dynamodb.pid') });
  const admin = new DynamoDBClient({ endpoint: local.endpoint, region: BENCH_REGION, credentials: dynamoDbLocalCredentials });
  try {
    await ensureTable(admin, tableName);
  } catch (error) {
    admin.destroy();
    await local.stop();
    throw error;
  }
  admin.destroy();
  const db = createDocumentClient({ DYNAMODB_ENDPOINT: local.endpoint });
  return {
    endpoint: local.endpoint,
    pid: local.pid,
    tableName,
    db,
    async stop() {
      db.destroy();
      await local.stop();
    },
  };
}
