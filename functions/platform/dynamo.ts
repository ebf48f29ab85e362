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

type CancellationReason = { Code?: string };

/**
 * Which elements of a transaction failed their condition, by index, from the cancellation
 * reasons DynamoDB returns; [] when the error names none (a single-item write or an old
 * client), undefined when the error is not a condition failure at all.
 */
export function failedConditionIndexes(error: unknown): number[] | undefined {
  if (!isConditionFailure(error)) return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

/** A transaction cancelled only because another transaction held one of its items: safe to run again. */
function isTransactionConflict(error: unknown): boolean {
  if ((error as { name?: string } | null)?.name !== 'TransactionCanceledException') return false;
  const codes = ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

const CONFLICT_RETRIES = 4;

/**
 * Writes a change and its outbox event in one transaction. When a condition does not hold,
 * throws the domain error `onConditionFailure` makes (told which elements failed, so a
 * caller can tell a quota from a stale version from a duplicate request), so nothing
 * half-written is left and the caller gets a clear answer. A transaction that only collided
 * with a concurrent one runs again after a short, jittered pause: its conditions then
 * decide, so two racing writers get one success and one condition failure, never a 500.
 */
export async function writeAtomically(
  db: DynamoDBDocumentClient,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  onConditionFailure: (failedIndexes: number[]) => Error | Promise<Error>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (isTransactionConflict(error) && attempt < CONFLICT_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * (attempt + 1)));
        continue;
      }
      const failed = failedConditionIndexes(error);
      if (failed !== undefined) throw await onConditionFailure(failed);
      throw error;
    }
  }
}
