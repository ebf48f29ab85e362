/**
 * DynamoDB adapter for groups. AP8 get a group (GetItem `GROUP#<id>`), AP18 list groups by
 * name (gsi2 `GROUPS`). Membership sets live on the group and on the user (string sets),
 * changed together with the event in one transaction.
 */
import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { userKeys } from '../identity/store.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import type { Group } from './domain.js';

export const groupKeys = {
  group: (groupId: string) => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' }),
  listed: (g: Pick<Group, 'name' | 'groupId'>) => ({ gsi2pk: 'GROUPS', gsi2sk: `${g.name.toLowerCase()}#${g.groupId}` }),
};

export interface GroupStore {
  get(groupId: string): Promise<Group | undefined>;
  list(): Promise<Group[]>;
  create(group: Group, event: DomainEvent): Promise<void>;
  rename(group: Group, name: string, event: DomainEvent): Promise<Group>;
  delete(group: Group, event: DomainEvent): Promise<void>;
  addMember(group: Group, userId: string, event: DomainEvent): Promise<Group>;
  removeMember(group: Group, userId: string, event: DomainEvent): Promise<Group>;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
type GroupItem = { groupId: string; name: string; createdAt: string; memberIds?: Set<string> };

export function dynamoGroupStore(db: DynamoDBDocumentClient, tableName: string): GroupStore {
  const write = (items: TransactItems, message: string) => writeAtomically(db, items, () => new Conflict(message));
  const setOn = (key: Record<string, string>, attribute: string, op: 'ADD' | 'DELETE', value: string, condition: string) => ({
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `${op} #set :value`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#set': attribute },
      ExpressionAttributeValues: { ':value': new Set([value]), ':one': value },
    },
  });

  return {
    async get(groupId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: groupKeys.group(groupId) }));
      return Item ? toGroup(Item as GroupItem) : undefined;
    },
    async list() {
      // Bounded: an installation has few groups; 200 is the documented maximum listed.
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': 'GROUPS' },
          Limit: 200,
        }),
      );
      return Items.map((i) => toGroup(i as GroupItem));
    },
    async create(group, event) {
      const { memberIds: _none, ...rest } = group;
      await write(
        [
          {
            Put: {
              TableName: tableName,
              Item: { ...groupKeys.group(group.groupId), ...groupKeys.listed(group), entity: 'Group', schemaVersion: 1, ...rest },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxPut(tableName, event),
        ],
        'A group with this id exists.',
      );
    },
    async rename(group, name, event) {
      await write(
        [
          {
            Update: {
              TableName: tableName,
              Key: groupKeys.group(group.groupId),
              UpdateExpression: 'SET #name = :name, gsi2sk = :sk',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: { ':name': name, ':sk': groupKeys.listed({ name, groupId: group.groupId }).gsi2sk },
            },
          },
          outboxPut(tableName, event),
        ],
        'The group no longer exists.',
      );
      return { ...group, name };
    },
    async delete(group, event) {
      await write(
        [
          {
            Delete: {
              TableName: tableName,
              Key: groupKeys.group(group.groupId),
              ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(memberIds) OR size(memberIds) = :n)',
              ExpressionAttributeValues: { ':n': group.memberIds.length },
            },
          },
          ...group.memberIds.map((userId) => setOn(userKeys.user(userId), 'groupIds', 'DELETE', group.groupId, 'contains(#set, :one)')),
          outboxPut(tableName, event),
        ],
        'The group changed meanwhile; reload and try again.',
      );
    },
    async addMember(group, userId, event) {
      await write(
        [
          setOn(groupKeys.group(group.groupId), 'memberIds', 'ADD', userId, 'attribute_exists(pk) AND NOT contains(#set, :one)'),
          setOn(userKeys.user(userId), 'groupIds', 'ADD', group.groupId, 'attribute_exists(pk) AND NOT contains(#set, :one)'),
          outboxPut(tableName, event),
        ],
        'That person is already in the group, or the group or person no longer exists.',
      );
      return { ...group, memberIds: [...group.memberIds, userId].sort() };
    },
    async removeMember(group, userId, event) {
      await write(
        [
          setOn(groupKeys.group(group.groupId), 'memberIds', 'DELETE', userId, 'contains(#set, :one)'),
          setOn(userKeys.user(userId), 'groupIds', 'DELETE', group.groupId, 'contains(#set, :one)'),
          outboxPut(tableName, event),
        ],
        'That person is not in the group.',
      );
      return { ...group, memberIds: group.memberIds.filter((id) => id !== userId) };
    },
  };
}

function toGroup(item: GroupItem): Group {
  return { groupId: item.groupId, name: item.name, createdAt: item.createdAt, memberIds: [...(item.memberIds ?? [])].sort() };
}
