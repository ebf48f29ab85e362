/**
 * Usage against the quotas in force: one counter item (`INSTALLATION` / `USAGE`) with a
 * number per meter. A create adds to its meter in the same transaction as the object, on
 * the condition that the sum stays within the limit, so racing creates can never exceed
 * it; trashing subtracts, restoring adds again (and is checked again), purging a trashed
 * object changes nothing (it stopped counting when it was trashed).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QuotaExceeded } from '../platform/errors.js';
import type { Quotas } from './domain.js';

export const METERS = ['projects', 'documents', 'storageBytes'] as const;
export type Meter = (typeof METERS)[number] & keyof Quotas;
export type Usage = Record<Meter, number>;

export const usageKeys = {
  counter: () => ({ pk: 'INSTALLATION', sk: 'USAGE' }),
};

/**
 * The transaction element that counts `by` more on `meter` if the total stays at or under
 * `limit`. A failed condition on it means the quota is reached (see `quotaExceeded`).
 */
export function usageAdd(tableName: string, meter: Meter, by: number, limit: number) {
  return {
    Update: {
      TableName: tableName,
      Key: usageKeys.counter(),
      UpdateExpression: 'SET entity = :entity, schemaVersion = :v ADD #m :by',
      // A first use finds no counter: it then only has to fit the limit by itself.
      ConditionExpression: '(attribute_not_exists(#m) AND :by <= :limit) OR #m <= :max',
      ExpressionAttributeNames: { '#m': meter },
      ExpressionAttributeValues: { ':entity': 'UsageCounter', ':v': 1, ':by': by, ':limit': limit, ':max': limit - by },
    },
  };
}

/** The transaction element that counts `by` less on `meter` (never conditioned: freeing is always allowed). */
export function usageSubtract(tableName: string, meter: Meter, by: number) {
  return {
    Update: {
      TableName: tableName,
      Key: usageKeys.counter(),
      UpdateExpression: 'SET entity = :entity, schemaVersion = :v ADD #m :by',
      ExpressionAttributeNames: { '#m': meter },
      ExpressionAttributeValues: { ':entity': 'UsageCounter', ':v': 1, ':by': -by },
    },
  };
}

export interface UsageStore {
  current(): Promise<Usage>;
}

export function dynamoUsageStore(db: DynamoDBDocumentClient, tableName: string): UsageStore {
  return {
    async current() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: usageKeys.counter(), ConsistentRead: true }));
      return Object.fromEntries(METERS.map((m) => [m, Math.max(0, Number(Item?.[m] ?? 0))])) as Usage;
    },
  };
}

/** The error for a failed `usageAdd`, with what is used now, so a client can say which limit was hit. */
export async function quotaExceeded(usage: UsageStore, meter: Meter, limit: number): Promise<QuotaExceeded> {
  const used = (await usage.current())[meter];
  const what = meter === 'storageBytes' ? 'storage' : meter;
  return new QuotaExceeded(`Your plan allows ${limit} ${what}; ${used} are in use. Delete some or upgrade the plan.`, { meter, limit, used });
}
