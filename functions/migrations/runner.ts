/**
 * Runs one step (expand or contract) of one migration for as long as its time budget
 * allows, from its checkpoint. Items are found with a segmented Scan filtered on the
 * entity: a migration is not a request path, and no designed access pattern lists every
 * item of an entity across its collections (docs/migrations.md). Each item is written with
 * one UpdateItem conditioned on what was read (`schemaVersion` and the migration's guard
 * attributes), so a re-run or a resumed page skips what is done, and an app write racing
 * the migration makes it re-read and redo the item rather than be overwritten.
 */
import { GetCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { domainEvent } from '../events/domain.js';
import { isConditionFailure } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import type { Clock, IdSource } from '../platform/ports.js';
import { type Checkpoint, noCounts, readCheckpoint, type SegmentState, saveCheckpoint, type StepCounts } from './checkpoint.js';
import type { ItemChange, ItemKey, Migration, MigrationStep, Phase, StoredItem } from './migration.js';

export const MIGRATION_EVENT = 'migration.step-completed';
/** Items per Scan page; each page ends with a checkpoint. */
const PAGE_SIZE = 100;
/** Times one item is re-read and redone after racing app writes before the run gives up (the next run retries it). */
const MAX_ATTEMPTS = 5;

export interface MigrationDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  ids: IdSource;
}

export interface StepOptions {
  /** Epoch milliseconds after which no new item is started (at least one item is done per call, so runs always progress). */
  deadline: number;
  /** Parallel scan segments, fixed by the first run of the step. @default 1 */
  segments?: number;
  pageSize?: number;
  /** The product version running the step, recorded when it completes. */
  deployedVersion?: string;
  /** Told of every item this call wrote (progress metrics; tests verify per item). */
  onWrite?: (key: ItemKey) => void;
}

export interface StepOutcome {
  migrationId: string;
  phase: Phase;
  status: 'completed' | 'more';
  counts: StepCounts;
}

const keyOf = (item: Record<string, unknown>): ItemKey => ({ pk: item.pk as string, sk: item.sk as string });

export async function runStep(deps: MigrationDeps, migration: Migration, phase: Phase, options: StepOptions): Promise<StepOutcome> {
  const { db, tableName } = deps;
  if (phase === 'contract') {
    const expanded = await readCheckpoint(db, tableName, migration.id, 'expand');
    if (expanded?.status !== 'completed') throw new Conflict(`Migration ${migration.id} cannot contract before its expand has completed.`);
  }
  const step = migration[phase];
  const now = () => deps.clock.now();
  const stored = await readCheckpoint(db, tableName, migration.id, phase);
  if (stored?.status === 'completed') return { migrationId: migration.id, phase, status: 'completed', counts: stored.counts };

  const checkpoint: Checkpoint = stored ?? {
    migrationId: migration.id,
    phase,
    status: 'running',
    segments: Array.from({ length: Math.max(1, Math.min(options.segments ?? 1, 64)) }, () => ({ done: false })),
    counts: noCounts(),
    invocations: 0,
    startedAt: now().toISOString(),
    updatedAt: now().toISOString(),
    revision: 0,
  };
  checkpoint.invocations++;
  let handled = 0;
  const outOfTime = () => handled > 0 && deps.clock.now().getTime() >= options.deadline;

  // Saves are chained: parallel segments share one checkpoint item and its revision.
  let saving: Promise<void> = Promise.resolve();
  const save = (complete = false) => {
    saving = saving.then(async () => {
      checkpoint.revision++;
      checkpoint.updatedAt = now().toISOString();
      if (complete) {
        checkpoint.status = 'completed';
        checkpoint.completedAt = checkpoint.updatedAt;
        if (options.deployedVersion) checkpoint.completedAtVersion = options.deployedVersion;
      }
      const { examined, changed, alreadyDone } = checkpoint.counts;
      const event = complete
        ? domainEvent(
            {
              type: MIGRATION_EVENT,
              actor: { userId: 'system', via: 'system' },
              subject: { kind: 'migration', id: migration.id },
              data: { migrationId: migration.id, phase, entity: migration.entity, from: migration.from, to: migration.to, examined, changed, alreadyDone },
            },
            deps,
          )
        : undefined;
      await saveCheckpoint(db, tableName, checkpoint, event);
    });
    return saving;
  };

  const context = {
    async get(key: ItemKey) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      return Item;
    },
  };

  async function write(item: StoredItem, change: ItemChange): Promise<void> {
    const names: Record<string, string> = { '#entity': 'entity', '#schemaVersion': 'schemaVersion' };
    const values: Record<string, unknown> = { ':entity': migration.entity, ':seen': item.schemaVersion, ':to': step.writesSchemaVersion };
    const sets = Object.entries(change.set ?? {}).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const removes = (change.remove ?? []).map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    const guards = migration.guardedBy.map((name, i) => {
      names[`#g${i}`] = name;
      if (item[name] === undefined) return `attribute_not_exists(#g${i})`;
      values[`:g${i}`] = item[name];
      return `#g${i} = :g${i}`;
    });
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(item),
        UpdateExpression: `SET ${[...sets, '#schemaVersion = :to'].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: ['#entity = :entity', '#schemaVersion = :seen', ...guards].join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async function migrateItem(scanned: StoredItem, counts: StepCounts, stepOf: MigrationStep): Promise<void> {
    let item: StoredItem | undefined = scanned;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!item || item.entity !== migration.entity) {
        counts.gone++;
        return;
      }
      if (!stepOf.needs(item)) {
        counts.alreadyDone++;
        return;
      }
      try {
        await write(item, await stepOf.change(item, context));
        counts.changed++;
        options.onWrite?.(keyOf(item));
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        counts.retried++;
        item = (await context.get(keyOf(item))) as StoredItem | undefined;
      }
    }
    throw new Error(`Migration ${migration.id}: item ${scanned.pk}/${scanned.sk} kept changing during ${MAX_ATTEMPTS} attempts; the next run retries it.`);
  }

  async function runSegment(segment: SegmentState, index: number): Promise<void> {
    while (!segment.done) {
      if (outOfTime()) return;
      const page = await db.send(
        new ScanCommand({
          TableName: tableName,
          Segment: index,
          TotalSegments: checkpoint.segments.length,
          ExclusiveStartKey: segment.lastKey,
          Limit: options.pageSize ?? PAGE_SIZE,
          FilterExpression: '#entity = :entity',
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: { ':entity': migration.entity },
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        if (outOfTime()) return;
        checkpoint.counts.examined++;
        await migrateItem(item as StoredItem, checkpoint.counts, step);
        segment.lastKey = keyOf(item);
        handled++;
      }
      if (page.LastEvaluatedKey) segment.lastKey = keyOf(page.LastEvaluatedKey);
      else segment.done = true;
      await save();
    }
  }

  const results = await Promise.allSettled(checkpoint.segments.map((segment, i) => runSegment(segment, i)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  await saving.catch(() => undefined);
  const complete = !failure && checkpoint.segments.every((s) => s.done);
  // Whatever happened, what is done is recorded; the failure is then reported to the caller.
  await save(complete);
  if (failure) throw failure.reason;
  return { migrationId: migration.id, phase, status: complete ? 'completed' : 'more', counts: checkpoint.counts };
}
