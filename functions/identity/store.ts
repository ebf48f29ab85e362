/**
 * DynamoDB adapter for users. Access patterns (docs/access-patterns.md): AP1 get user by
 * id, AP2 find user by email (gsi1), AP3 list users by email (gsi2), AP4 create with event.
 * Every change is one transaction with its outbox event; the count of active owners is
 * kept in one item and conditioned on, so two concurrent demotions can never leave none.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { isConditionFailure, writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import type { ItemBase } from '../platform/table-design.js';
import type { User } from './domain.js';

export const userKeys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  byEmail: (email: string) => ({ gsi1pk: `EMAIL#${email.toLowerCase()}`, gsi1sk: 'USER' }),
  inDirectory: (user: Pick<User, 'email' | 'userId'>) => ({ gsi2pk: 'USERS', gsi2sk: `${user.email.toLowerCase()}#${user.userId}` }),
  owners: () => ({ pk: 'INSTALLATION', sk: 'OWNERS' }),
};

type UserItem = ItemBase & User;

export interface UserChange {
  /** +1 when the change adds an active owner, -1 when it removes one. */
  ownerDelta: -1 | 0 | 1;
  event: DomainEvent;
  /** Extra transaction elements of the same change (e.g. accepting an invitation). */
  alsoWrite?: Record<string, unknown>[];
}

export interface UserStore {
  get(userId: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  list(page: { limit: number; cursor?: string }): Promise<{ items: User[]; nextCursor?: string }>;
  /** Creates the user and its event atomically; returns false if the user already exists. */
  createWithEvent(user: User, event: DomainEvent, extra?: Omit<UserChange, 'event'>): Promise<boolean>;
  /** Saves a new role or status if the user still matches `before`; Conflict otherwise or if the last owner would go. */
  update(before: User, after: User, change: UserChange): Promise<void>;
}

export function dynamoUserStore(db: DynamoDBDocumentClient, tableName: string): UserStore {
  const itemOf = ({ groupIds, ...user }: User) => ({
    ...userKeys.user(user.userId),
    ...userKeys.byEmail(user.email),
    ...userKeys.inDirectory(user),
    entity: 'User',
    schemaVersion: 1,
    ...user,
    // DynamoDB has no empty sets: no groups means no attribute.
    ...(groupIds.length > 0 ? { groupIds: new Set(groupIds) } : {}),
  });
  const ownerCount = (delta: -1 | 0 | 1) =>
    delta === 0
      ? []
      : [
          {
            Update: {
              TableName: tableName,
              Key: userKeys.owners(),
              UpdateExpression: 'ADD #count :delta SET entity = :entity, schemaVersion = :v',
              ...(delta < 0 ? { ConditionExpression: '#count > :one' } : {}),
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':delta': delta, ':entity': 'OwnerCount', ':v': 1, ...(delta < 0 ? { ':one': 1 } : {}) },
            },
          },
        ];

  return {
    async get(userId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: userKeys.user(userId) }));
      return Item ? toUser(Item as UserItem) : undefined;
    },
    async findByEmail(email) {
      const { gsi1pk, gsi1sk } = userKeys.byEmail(email);
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
          ExpressionAttributeValues: { ':pk': gsi1pk, ':sk': gsi1sk },
          Limit: 1,
        }),
      );
      return Items[0] ? toUser(Items[0] as UserItem) : undefined;
    },
    async list({ limit, cursor }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': 'USERS' },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { gsi2pk: 'USERS' }),
        }),
      );
      return { items: Items.map((i) => toUser(i as UserItem)), nextCursor: encodeCursor(LastEvaluatedKey) };
    },
    async createWithEvent(user, event, extra = { ownerDelta: 0 }) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: itemOf(user), ConditionExpression: 'attribute_not_exists(pk)' } },
              outboxPut(tableName, event),
              ...ownerCount(extra.ownerDelta),
              ...(extra.alsoWrite ?? []),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async update(before, after, change) {
      await writeAtomically(
        db,
        [
          {
            // Only role and status change here; group sets change through the group store.
            Update: {
              TableName: tableName,
              Key: userKeys.user(before.userId),
              UpdateExpression: 'SET #role = :newRole, #status = :newStatus',
              ConditionExpression: '#role = :role AND #status = :status',
              ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
              ExpressionAttributeValues: { ':role': before.role, ':status': before.status, ':newRole': after.role, ':newStatus': after.status },
            },
          },
          outboxPut(tableName, change.event),
          ...ownerCount(change.ownerDelta),
          ...(change.alsoWrite ?? []),
        ],
        () => new Conflict('The change was refused: the person changed meanwhile, or it would leave the installation without an active owner.'),
      );
    },
  };
}

/** Group ids are a string set in the table (so membership changes are set operations). */
function toUser(item: Omit<UserItem, 'groupIds'> & { groupIds?: Iterable<string> }): User {
  const { userId, email, displayName, role, status, createdAt, groupIds, idpUsername } = item;
  return { userId, email, displayName, role, status, createdAt, groupIds: [...(groupIds ?? [])].sort(), ...(idpUsername ? { idpUsername } : {}) };
}
