/**
 * The nonces of signed requests, one item each with a TTL: a conditional put is the whole
 * replay check, so two copies of one request racing each other get one success.
 * DynamoDB deletes expired items lazily, so an expired record counts as absent.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../../platform/dynamo.js';
import { vendorKeys } from '../table.js';

export function nonceRecorder(db: DynamoDBDocumentClient, tableName: string, nowSeconds: () => number) {
  return async function recordNonce(installationId: string, nonce: string, expiresAtSeconds: number): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...vendorKeys.nonce(installationId, nonce), entity: 'RequestNonce', schemaVersion: 1, installationId, ttl: expiresAtSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': nowSeconds() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
}
