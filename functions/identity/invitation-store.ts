/**
 * DynamoDB adapter for invitations: one item per invited email (AP16 get by email), listed
 * newest first (AP17, gsi2 `INVITES`). A pending invitation lapses by its own expiry; TTL
 * removes the item a month later so the list stays short.
 */
import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import type { ItemBase } from '../platform/table-design.js';
import type { Invitation } from './membership.js';

const KEEP_AFTER_EXPIRY_SECONDS = 30 * 86_400;

export const invitationKeys = {
  invitation: (email: string) => ({ pk: `INVITE#${email.toLowerCase()}`, sk: 'INVITATION' }),
  listed: (i: Pick<Invitation, 'invitedAt' | 'email'>) => ({ gsi2pk: 'INVITES', gsi2sk: `${i.invitedAt}#${i.email}` }),
};

/** `expiresAt` is the table's TTL attribute (epoch seconds), so the invitation's own expiry is stored as `lapsesAt`. */
type InvitationItem = ItemBase & Omit<Invitation, 'expiresAt'> & { lapsesAt: string; expiresAt: number };

export interface InvitationStore {
  get(email: string): Promise<Invitation | undefined>;
  listRecent(limit: number): Promise<Invitation[]>;
  /** Creates (or replaces a lapsed, revoked or accepted) invitation with its event; Conflict if one is pending. */
  create(invitation: Invitation, event: DomainEvent, now: Date): Promise<void>;
  /** Saves a status change of a pending invitation with its event; Conflict if it is no longer pending. */
  update(invitation: Invitation, event: DomainEvent): Promise<void>;
  /** The transaction element that marks a pending invitation accepted (used at first sign-in). */
  acceptElement(email: string): Record<string, unknown>;
}

export function dynamoInvitationStore(db: DynamoDBDocumentClient, tableName: string): InvitationStore {
  const itemOf = ({ expiresAt, ...rest }: Invitation): InvitationItem => ({
    ...invitationKeys.invitation(rest.email),
    ...invitationKeys.listed(rest),
    entity: 'Invitation',
    schemaVersion: 1,
    ...rest,
    lapsesAt: expiresAt,
    expiresAt: Math.floor(Date.parse(expiresAt) / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
  });

  const write = (items: NonNullable<TransactWriteCommandInput['TransactItems']>, message: string) => writeAtomically(db, items, () => new Conflict(message));

  return {
    async get(email) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: invitationKeys.invitation(email) }));
      return Item ? toInvitation(Item as InvitationItem) : undefined;
    },
    async listRecent(limit) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': 'INVITES' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.map((i) => toInvitation(i as InvitationItem));
    },
    async create(invitation, event, now) {
      await write(
        [
          {
            Put: {
              TableName: tableName,
              Item: itemOf(invitation),
              ConditionExpression: 'attribute_not_exists(pk) OR #status <> :pending OR lapsesAt <= :now',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending', ':now': now.toISOString() },
            },
          },
          outboxPut(tableName, event),
        ],
        `${invitation.email} already has a pending invitation; resend it instead.`,
      );
    },
    async update(invitation, event) {
      await write(
        [
          {
            Put: {
              TableName: tableName,
              Item: itemOf(invitation),
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending' },
            },
          },
          outboxPut(tableName, event),
        ],
        `The invitation of ${invitation.email} is no longer pending.`,
      );
    },
    acceptElement(email) {
      return {
        Update: {
          TableName: tableName,
          Key: invitationKeys.invitation(email),
          UpdateExpression: 'SET #status = :accepted',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':accepted': 'accepted', ':pending': 'pending' },
        },
      };
    },
  };
}

function toInvitation(item: InvitationItem): Invitation {
  const { email, role, invitedBy, invitedAt, status, lapsesAt } = item;
  return { email, role, invitedBy, invitedAt, status, expiresAt: lapsesAt };
}
