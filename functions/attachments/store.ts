/**
 * DynamoDB adapter for attachments: a document's files in their own partition
 * `DOC#<docId>#FILES` (sort key `ATT#<id>`), beside the document's partition rather than in
 * it, so reading or purging a document never loads its files and a purge's transaction
 * stays small. Confirming an upload, deleting and purging change the item, the storage
 * counter and the event in one transaction.
 */
import { DeleteCommand, GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { usageAdd, usageSubtract } from '../entitlements/usage.js';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict, QuotaExceeded } from '../platform/errors.js';
import { type Attachment, MAX_ATTACHMENTS_PER_DOCUMENT } from './domain.js';

export const ATTACHMENT_ENTITY = 'Attachment';
type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export const attachmentKeys = {
  partition: (documentId: string) => `DOC#${documentId}#FILES`,
  item: (documentId: string, attachmentId: string) => ({ pk: attachmentKeys.partition(documentId), sk: `ATT#${attachmentId}` }),
};

export interface AttachmentStore {
  list(documentId: string): Promise<Attachment[]>;
  get(documentId: string, attachmentId: string): Promise<Attachment | undefined>;
  /** The pending item, before the upload; its event says an upload was offered. */
  createPending(attachment: Attachment, event: DomainEvent): Promise<void>;
  /** Marks it ready and counts its size, if the storage quota allows: QuotaExceeded otherwise. */
  markReady(attachment: Attachment, storageLimit: number, event: DomainEvent): Promise<Attachment>;
  /** Removes a pending item whose upload was refused (no event: it never counted). */
  discardPending(attachment: Attachment): Promise<void>;
  /** Removes it and frees its storage if it counted; false when it was gone already. */
  remove(attachment: Attachment, event: DomainEvent): Promise<boolean>;
}

function toAttachment(item: Record<string, unknown>): Attachment {
  const { pk: _pk, sk: _sk, entity: _e, schemaVersion: _v, ...rest } = item;
  return rest as unknown as Attachment;
}

export function dynamoAttachmentStore(db: DynamoDBDocumentClient, tableName: string): AttachmentStore {
  return {
    async list(documentId) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :att)',
          ExpressionAttributeValues: { ':pk': attachmentKeys.partition(documentId), ':att': 'ATT#' },
          ConsistentRead: true,
          // Bounded at creation; the extra pending ones a race may add still fit.
          Limit: MAX_ATTACHMENTS_PER_DOCUMENT * 2,
        }),
      );
      return Items.map(toAttachment);
    },

    async get(documentId, attachmentId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: attachmentKeys.item(documentId, attachmentId), ConsistentRead: true }));
      return Item ? toAttachment(Item) : undefined;
    },

    async createPending(attachment, event) {
      await writeAtomically(
        db,
        [
          {
            Put: {
              TableName: tableName,
              Item: { ...attachmentKeys.item(attachment.documentId, attachment.attachmentId), entity: ATTACHMENT_ENTITY, schemaVersion: 1, ...attachment },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxPut(tableName, event),
        ],
        () => new Conflict('An attachment with this id exists.'),
      );
    },

    async markReady(attachment, storageLimit, event) {
      const items: TransactItems = [
        {
          Update: {
            TableName: tableName,
            Key: attachmentKeys.item(attachment.documentId, attachment.attachmentId),
            UpdateExpression: 'SET #status = :ready REMOVE expiresAt',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':ready': 'ready', ':pending': 'pending' },
          },
        },
        usageAdd(tableName, 'storageBytes', attachment.sizeBytes, storageLimit),
        outboxPut(tableName, event),
      ];
      await writeAtomically(db, items, (failed) =>
        failed.includes(1) && !failed.includes(0)
          ? new QuotaExceeded(`Your plan allows ${storageLimit} bytes of storage; this file (${attachment.sizeBytes} bytes) does not fit.`, {
              meter: 'storageBytes',
              limit: storageLimit,
            })
          : new Conflict('The attachment is not pending any more (completed or deleted meanwhile).'),
      );
      const { expiresAt: _ttl, ...ready } = attachment;
      return { ...ready, status: 'ready' };
    },

    async discardPending(attachment) {
      await db
        .send(
          new DeleteCommand({
            TableName: tableName,
            Key: attachmentKeys.item(attachment.documentId, attachment.attachmentId),
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          }),
        )
        .catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
    },

    async remove(attachment, event) {
      try {
        await writeAtomically(
          db,
          [
            {
              Delete: {
                TableName: tableName,
                Key: attachmentKeys.item(attachment.documentId, attachment.attachmentId),
                // Freed exactly once: the status read is the status deleted.
                ConditionExpression: '#status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': attachment.status },
              },
            },
            ...(attachment.status === 'ready' ? [usageSubtract(tableName, 'storageBytes', attachment.sizeBytes)] : []),
            outboxPut(tableName, event),
          ],
          () => new Conflict('gone'),
        );
        return true;
      } catch (error) {
        if (error instanceof Conflict) return false;
        throw error;
      }
    },
  };
}
