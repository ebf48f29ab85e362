/**
 * The DynamoDB document client, one per process. The endpoint override points it at
 * DynamoDB Local; in Lambda the SDK's defaults (region from the environment) apply.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Config } from './config.js';

export function createDocumentClient(config: Pick<Config, 'DYNAMODB_ENDPOINT'>): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    config.DYNAMODB_ENDPOINT
      ? {
          endpoint: config.DYNAMODB_ENDPOINT,
          region: process.env.AWS_REGION ?? 'local',
          // DynamoDB Local accepts any credentials; these are placeholders, not secrets.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** True when a write failed only because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/**
 * Writes a change and its outbox event in one transaction. When a condition does not hold,
 * throws the domain error `onConditionFailure` makes, so nothing half-written is left and
 * the caller gets a clear answer.
 */
export async function writeAtomically(
  db: DynamoDBDocumentClient,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  onConditionFailure: () => Error,
): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (isConditionFailure(error)) throw onConditionFailure();
    throw error;
  }
}
