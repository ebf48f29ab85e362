/**
 * DynamoDB adapter for API keys. AP19 get a key by id (every key-authenticated request),
 * AP20 list keys newest first (gsi2 `APIKEYS`). Only the secret's hash is stored. The
 * key's own expiry is `keyExpiresAt`: the table's TTL attribute is not used, so an expired
 * key still shows in the list.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { isConditionFailure, writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import { type ApiKey, LAST_USED_RESOLUTION_MS } from './domain.js';

export const apiKeyKeys = {
  key: (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: 'KEY' }),
  listed: (k: Pick<ApiKey, 'createdAt' | 'keyId'>) => ({ gsi2pk: 'APIKEYS', gsi2sk: `${k.createdAt}#${k.keyId}` }),
};

export interface ApiKeyStore {
  get(keyId: string): Promise<ApiKey | undefined>;
  list(limit: number): Promise<ApiKey[]>;
  create(key: ApiKey, event: DomainEvent): Promise<void>;
  /** Revokes a key that is not revoked yet; Conflict if it already is. */
  revoke(keyId: string, at: Date, event: DomainEvent): Promise<void>;
  /** Records use, at most once per resolution window; never fails the request. */
  touch(keyId: string, at: Date): Promise<void>;
}

type ApiKeyItem = Omit<ApiKey, 'expiresAt'> & { keyExpiresAt: string };

export function dynamoApiKeyStore(db: DynamoDBDocumentClient, tableName: string): ApiKeyStore {
  return {
    async get(keyId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: apiKeyKeys.key(keyId), ConsistentRead: true }));
      return Item ? toKey(Item as ApiKeyItem) : undefined;
    },
    async list(limit) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': 'APIKEYS' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.map((i) => toKey(i as ApiKeyItem));
    },
    async create(key, event) {
      const { expiresAt, ...rest } = key;
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...apiKeyKeys.key(key.keyId), ...apiKeyKeys.listed(key), entity: 'ApiKey', schemaVersion: 1, ...rest, keyExpiresAt: expiresAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            outboxPut(tableName, event),
          ],
        }),
      );
    },
    async revoke(keyId, at, event) {
      await writeAtomically(
        db,
        [
          {
            Update: {
              TableName: tableName,
              Key: apiKeyKeys.key(keyId),
              UpdateExpression: 'SET revokedAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':at': at.toISOString() },
            },
          },
          outboxPut(tableName, event),
        ],
        () => new Conflict('The key is already revoked.'),
      );
    },
    async touch(keyId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: apiKeyKeys.key(keyId),
            UpdateExpression: 'SET lastUsedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)',
            ExpressionAttributeValues: { ':at': at.toISOString(), ':stale': new Date(at.getTime() - LAST_USED_RESOLUTION_MS).toISOString() },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

function toKey(item: ApiKeyItem): ApiKey {
  const { keyId, name, scopes, prefix, secretHash, createdBy, createdAt, keyExpiresAt, lastUsedAt, revokedAt } = item;
  return {
    keyId,
    name,
    scopes,
    prefix,
    secretHash,
    createdBy,
    createdAt,
    expiresAt: keyExpiresAt,
    ...(lastUsedAt ? { lastUsedAt } : {}),
    ...(revokedAt ? { revokedAt } : {}),
  };
}
