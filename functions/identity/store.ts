/**
 * DynamoDB adapter for users. Access patterns (docs/access-patterns.md):
 * AP1 get user by id (GetItem), AP2 find user by email (gsi1), AP3 list users (gsi2).
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { isConditionFailure } from '../platform/dynamo.js';
import type { ItemBase } from '../platform/table-design.js';
import type { User } from './domain.js';

export const userKeys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  byEmail: (email: string) => ({ gsi1pk: `EMAIL#${email.toLowerCase()}`, gsi1sk: 'USER' }),
  inDirectory: (user: Pick<User, 'email' | 'userId'>) => ({ gsi2pk: 'USERS', gsi2sk: `${user.email.toLowerCase()}#${user.userId}` }),
};

type UserItem = ItemBase & User;

export interface UserStore {
  get(userId: string): Promise<User | undefined>;
  /** Creates the user and its event atomically; returns false if the user already exists. */
  createWithEvent(user: User, event: DomainEvent): Promise<boolean>;
}

export function dynamoUserStore(db: DynamoDBDocumentClient, tableName: string): UserStore {
  return {
    async get(userId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: userKeys.user(userId) }));
      return Item ? toUser(Item as UserItem) : undefined;
    },
    async createWithEvent(user, event) {
      const item: UserItem = {
        ...userKeys.user(user.userId),
        ...userKeys.byEmail(user.email),
        ...userKeys.inDirectory(user),
        entity: 'User',
        schemaVersion: 1,
        ...user,
      };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }, outboxPut(tableName, event)],
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

function toUser(item: UserItem): User {
  const { userId, email, displayName, role, status, createdAt } = item;
  return { userId, email, displayName, role, status, createdAt };
}
