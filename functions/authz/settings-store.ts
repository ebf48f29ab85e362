/**
 * The installation's security settings and its own Cedar policies, in one item
 * (`INSTALLATION` / `SECURITY`), read on every private request (one GetItem, cached by
 * version in the authorizer cache). Policy saves carry the version they edited.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { writeAtomically } from '../platform/dynamo.js';
import { PreconditionFailed } from '../platform/errors.js';

export interface SecuritySettings {
  requireMfaForAdmin: boolean;
  /** The installation's own policies (forbid only), Cedar text. */
  policies: string;
  policiesVersion: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_SECURITY: Readonly<SecuritySettings> = Object.freeze({ requireMfaForAdmin: false, policies: '', policiesVersion: 0 });

const KEY = { pk: 'INSTALLATION', sk: 'SECURITY' };

export interface SettingsStore {
  get(): Promise<SecuritySettings>;
  save(next: SecuritySettings, expectedVersion: number, event: DomainEvent): Promise<void>;
}

export function dynamoSettingsStore(db: DynamoDBDocumentClient, tableName: string, defaults: SecuritySettings = DEFAULT_SECURITY): SettingsStore {
  return {
    async get() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: KEY }));
      if (!Item) return { ...defaults };
      const { requireMfaForAdmin, policies, policiesVersion, updatedAt, updatedBy } = Item as SecuritySettings;
      return { requireMfaForAdmin, policies, policiesVersion, ...(updatedAt ? { updatedAt } : {}), ...(updatedBy ? { updatedBy } : {}) };
    },
    async save(next, expectedVersion, event) {
      await writeAtomically(
        db,
        [
          {
            Put: {
              TableName: tableName,
              Item: { ...KEY, entity: 'SecuritySettings', schemaVersion: 1, ...next },
              ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk) OR policiesVersion = :v' : 'policiesVersion = :v',
              ExpressionAttributeValues: { ':v': expectedVersion },
            },
          },
          outboxPut(tableName, event),
        ],
        () => new PreconditionFailed('The settings changed since you loaded them; reload, then apply your change again.'),
      );
    },
  };
}
