/**
 * Starts the whole local runtime for a test file: a free port, a fresh temporary data
 * directory, its own table in the shared DynamoDB Local (so no second java starts), quiet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { type LocalRuntime, startLocalRuntime } from '../../functions/local/runtime.js';
import { scanAll } from './table.js';

export interface TestRuntime {
  runtime: LocalRuntime;
  dataDir: string;
  db: DynamoDBDocumentClient;
  items(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startTestRuntime(label: string): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), `ownstack-${label}-`));
  const endpoint = inject('dynamoEndpoint');
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    fresh: true,
    quiet: true,
    dynamoEndpoint: endpoint,
    tableName: `${label}-${randomBytes(4).toString('hex')}`,
    webRoot: join(dataDir, 'no-spa'),
  });
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
  const db = DynamoDBDocumentClient.from(client);
  return {
    runtime,
    dataDir,
    db,
    async items() {
      return scanAll(db, runtime.tableName);
    },
    async stop() {
      await runtime.stop();
      client.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
