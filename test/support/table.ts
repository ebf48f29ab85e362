/**
 * A table of its own for a test file, created from `tableDesign` in the shared DynamoDB
 * Local, plus the clients and the configuration the application code takes. Names are
 * unique per call, so test files never see each other's items.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { ensureTable } from '../../functions/local/table-setup.js';
import { type Config, loadConfig } from '../../functions/platform/config.js';

export interface TestTable {
  tableName: string;
  endpoint: string;
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
  config: Config;
  /** Every item, for assertions (Scan is fine in a test, never on a request path). */
  items(): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function createTestTable(label = 'test'): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `${label.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
  await ensureTable(client, tableName);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const config = loadConfig({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint, OWNSTACK_RUNTIME: 'local', AWS_REGION: 'local' });
  return {
    tableName,
    endpoint,
    client,
    db,
    config,
    async items() {
      return scanAll(db, tableName);
    },
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    },
  };
}

/** Every item of a table, page by page (Scan is fine in a test, never on a request path). */
export async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
