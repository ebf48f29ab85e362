/**
 * The checkpoint of one migration step (`MIGRATION#<id>` / `EXPAND` or `CONTRACT`): its
 * status, counts and where each scan segment stopped. Written after every page and when a
 * run stops, so an interrupted run (time budget, crash, throttling) continues from the last
 * one. Every write is conditioned on the revision it read: two runners of the same step
 * cannot both advance it, the slower one gets a Conflict and stops.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import { type ItemKey, MIGRATION_RUN_ENTITY, migrationKeys, type Phase } from './migration.js';

export interface StepCounts {
  /** Items of the entity the scan returned (a resumed page is counted again). */
  examined: number;
  /** Items this step wrote. */
  changed: number;
  /** Items already in the step's shape (new code wrote them, or an earlier run did). */
  alreadyDone: number;
  /** Writes refused because the app changed the item meanwhile; each was re-read and redone. */
  retried: number;
  /** Items deleted between the scan and the write. */
  gone: number;
}

export interface SegmentState {
  /** Key of the last item handled, or the scan page's LastEvaluatedKey; absent before the first page. */
  lastKey?: ItemKey;
  done: boolean;
}

export interface Checkpoint {
  migrationId: string;
  phase: Phase;
  status: 'running' | 'completed';
  segments: SegmentState[];
  counts: StepCounts;
  invocations: number;
  startedAt: string;
  updatedAt: string;
  completedAt?: string;
  /** The product version deployed when the step completed (a contract waits for a later one). */
  completedAtVersion?: string;
  /** Increases with every write; the condition of the next one. */
  revision: number;
}

export const noCounts = (): StepCounts => ({ examined: 0, changed: 0, alreadyDone: 0, retried: 0, gone: 0 });

export async function readCheckpoint(db: DynamoDBDocumentClient, tableName: string, migrationId: string, phase: Phase): Promise<Checkpoint | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: migrationKeys.checkpoint(migrationId, phase), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, schemaVersion: _v, ...checkpoint } = Item;
  return checkpoint as Checkpoint;
}

/**
 * Saves `next` if the stored revision is still `next.revision - 1` (or none exists for
 * revision 1); the completing save carries its event in the same transaction.
 */
export async function saveCheckpoint(db: DynamoDBDocumentClient, tableName: string, next: Checkpoint, event?: DomainEvent): Promise<void> {
  const put = {
    Put: {
      TableName: tableName,
      Item: { ...migrationKeys.checkpoint(next.migrationId, next.phase), entity: MIGRATION_RUN_ENTITY, schemaVersion: 1, ...next },
      ConditionExpression: next.revision === 1 ? 'attribute_not_exists(pk)' : 'revision = :previous',
      ...(next.revision === 1 ? {} : { ExpressionAttributeValues: { ':previous': next.revision - 1 } }),
    },
  };
  await writeAtomically(
    db,
    [put, ...(event ? [outboxPut(tableName, event)] : [])],
    () => new Conflict(`Another run of migration ${next.migrationId} (${next.phase}) advanced its checkpoint; this one stops.`),
  );
}
