/**
 * DynamoDB adapter for the audit trail: append only. Access patterns (docs/access-patterns.md):
 * AP5 entries of a month, newest first (pk); AP6 entries by actor (gsi1).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../platform/dynamo.js';
import type { AuditEntry } from './domain.js';

export const auditKeys = {
  entry: (e: Pick<AuditEntry, 'occurredAt' | 'eventId'>) => ({ pk: `AUDIT#${e.occurredAt.slice(0, 7)}`, sk: `${e.occurredAt}#${e.eventId}` }),
  byActor: (e: Pick<AuditEntry, 'occurredAt' | 'eventId' | 'actor'>) => ({ gsi1pk: `AUDIT_ACTOR#${e.actor.userId}`, gsi1sk: `${e.occurredAt}#${e.eventId}` }),
};

export interface AuditStore {
  /** Appends the entry; returns false when it was already there (a redelivery). */
  append(entry: AuditEntry): Promise<boolean>;
}

export function dynamoAuditStore(db: DynamoDBDocumentClient, tableName: string): AuditStore {
  return {
    async append(entry) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...auditKeys.entry(entry), ...auditKeys.byActor(entry), entity: 'AuditEntry', schemaVersion: 1, ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
