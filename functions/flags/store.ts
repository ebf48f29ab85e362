/**
 * DynamoDB adapter for flag definitions, written once for both planes: installation flags
 * live in the app table (`flagKeys`), fleet flags in the control plane's table
 * (functions/vendor/fleet-flags.ts passes `vendorKeys`). One partition holds a plane's
 * flags (`FLAG#<key>`, a Query lists them all), the history of every flag
 * (`FLAGVER#<key>#<version>`, the full definition with who and when, so any version can
 * be restored) and a counter item (how many flags, and a version bumped by every change).
 * A change is one transaction: the flag, its history entry, the counter and whatever the
 * caller adds (the installation's outbox event), so history and audit never miss a change.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import { staleVersion } from '../platform/preconditions.js';
import { type FlagDefinition, flagDefinitionSchema } from './model.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Where one plane keeps its flags. Every key of a layout is in one partition. */
export interface FlagKeyLayout {
  flag(key: string): { pk: string; sk: string };
  flagVersion(key: string, version: number): { pk: string; sk: string };
  counter(): { pk: string; sk: string };
}

/** The installation's flags in the app table (docs/access-patterns.md: flags). */
export const flagKeys = {
  flag: (key: string) => ({ pk: 'FLAGS', sk: `FLAG#${key}` }),
  /** Zero-padded, so a reverse Query reads the newest versions first. */
  flagVersion: (key: string, version: number) => ({ pk: 'FLAGS', sk: `FLAGVER#${key}#${String(version).padStart(6, '0')}` }),
  counter: () => ({ pk: 'FLAGS', sk: 'COUNTER' }),
} as const satisfies FlagKeyLayout;

/** A plane holds at most this many flags: a license carries at most 200, and one Query page lists them. */
export const MAX_FLAGS = 200;
/** The newest history entries one read returns. */
export const MAX_HISTORY = 50;

export const FLAG_ENTITY = 'Flag';
export const FLAG_VERSION_ENTITY = 'FlagVersion';
export const FLAG_COUNTER_ENTITY = 'FlagCounter';

export type FlagChangeKind = 'created' | 'updated' | 'deleted' | 'reverted';

export interface StoredFlag {
  definition: FlagDefinition;
  updatedAt: string;
  updatedBy: string;
}

/** One version of a flag: the definition as it was after the change (before it, for a deletion). */
export interface FlagHistoryEntry {
  version: number;
  change: FlagChangeKind;
  definition: FlagDefinition;
  at: string;
  by: string;
  /** The version a revert restored. */
  revertedFrom?: number;
}

/** What a write does. `after` is absent for a deletion; `before` is absent for a creation. */
export interface FlagChange {
  change: FlagChangeKind;
  before?: FlagDefinition;
  after?: FlagDefinition;
  at: string;
  by: string;
  revertedFrom?: number;
}

export interface FlagStore {
  /** Every flag of the plane, by key (one Query; at most MAX_FLAGS). */
  list(): Promise<StoredFlag[]>;
  get(key: string): Promise<StoredFlag | undefined>;
  /** The newest versions first (deletions included), at most `limit`. */
  history(key: string, limit?: number): Promise<FlagHistoryEntry[]>;
  historyEntry(key: string, version: number): Promise<FlagHistoryEntry | undefined>;
  /** Bumped by every change of any flag: a cheap "did anything change" check. */
  changeCounter(): Promise<number>;
  /**
   * Writes a change if the flag is still at `before.version` (or still absent for a
   * creation), with its history entry, the counter and `alsoWrite` in one transaction.
   * A stale version is PreconditionFailed (with the current version); a full plane is Conflict.
   */
  write(change: FlagChange, alsoWrite?: TransactItem[]): Promise<void>;
}

type Item = Record<string, unknown>;

export function dynamoFlagStore(db: DynamoDBDocumentClient, tableName: string, keys: FlagKeyLayout = flagKeys): FlagStore {
  const partition = keys.counter().pk;

  const flagPut = (def: FlagDefinition, change: FlagChange, condition: string, values: Item): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: {
        ...keys.flag(def.key),
        entity: FLAG_ENTITY,
        schemaVersion: 1,
        key: def.key,
        version: def.version,
        definition: def,
        updatedAt: change.at,
        updatedBy: change.by,
      },
      ConditionExpression: condition,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  });
  const historyPut = (version: number, definition: FlagDefinition, change: FlagChange): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: {
        ...keys.flagVersion(definition.key, version),
        entity: FLAG_VERSION_ENTITY,
        schemaVersion: 1,
        key: definition.key,
        version,
        change: change.change,
        definition,
        at: change.at,
        by: change.by,
        ...(change.revertedFrom === undefined ? {} : { revertedFrom: change.revertedFrom }),
      },
      // Two writers racing from the same version both aim at this item: one wins.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  const counterUpdate = (delta: -1 | 0 | 1): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: keys.counter(),
      UpdateExpression: `SET entity = :entity, schemaVersion = :one, changeCount = if_not_exists(changeCount, :zero) + :one${delta ? ' ADD flagCount :delta' : ''}`,
      ...(delta === 1 ? { ConditionExpression: 'attribute_not_exists(flagCount) OR flagCount < :max' } : {}),
      ExpressionAttributeValues: {
        ':entity': FLAG_COUNTER_ENTITY,
        ':one': 1,
        ':zero': 0,
        ...(delta ? { ':delta': delta } : {}),
        ...(delta === 1 ? { ':max': MAX_FLAGS } : {}),
      },
    },
  });

  const store: FlagStore = {
    async list() {
      const flags: StoredFlag[] = [];
      let start: Item | undefined;
      // Bounded: a plane holds at most MAX_FLAGS flags of at most 64 KiB, so a few pages at most.
      for (let page = 0; page < 20; page++) {
        const { Items = [], LastEvaluatedKey } = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :flag)',
            ExpressionAttributeValues: { ':pk': partition, ':flag': 'FLAG#' },
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        flags.push(...Items.flatMap((item) => toStoredFlag(item) ?? []));
        start = LastEvaluatedKey;
        if (!start) break;
      }
      return flags;
    },

    async get(key) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.flag(key), ConsistentRead: true }));
      return Item ? toStoredFlag(Item) : undefined;
    },

    async history(key, limit = MAX_HISTORY) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': `FLAGVER#${key}#` },
          ScanIndexForward: false,
          Limit: Math.min(Math.max(1, limit), MAX_HISTORY),
          ConsistentRead: true,
        }),
      );
      return Items.flatMap((item) => toHistoryEntry(item) ?? []);
    },

    async historyEntry(key, version) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.flagVersion(key, version), ConsistentRead: true }));
      return Item ? toHistoryEntry(Item) : undefined;
    },

    async changeCounter() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.counter(), ConsistentRead: true }));
      return typeof Item?.changeCount === 'number' ? Item.changeCount : 0;
    },

    async write(change, alsoWrite = []) {
      const { before, after } = change;
      const key = (after ?? before)?.key;
      if (!key) throw new Error('A flag change names the flag before or after it.');
      let items: TransactItem[];
      if (!after) {
        if (!before) throw new Error('A deletion names the flag it deletes.');
        items = [
          {
            Delete: {
              TableName: tableName,
              Key: keys.flag(key),
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': before.version },
            },
          },
          historyPut(before.version + 1, before, change),
          counterUpdate(-1),
        ];
      } else if (!before) {
        items = [flagPut(after, change, 'attribute_not_exists(pk)', {}), historyPut(after.version, after, change), counterUpdate(1)];
      } else {
        items = [flagPut(after, change, 'version = :expected', { ':expected': before.version }), historyPut(after.version, after, change), counterUpdate(0)];
      }
      await writeAtomically(db, [...items, ...alsoWrite], async (failed) => {
        if (failed.includes(2)) return new Conflict(`A plane holds at most ${MAX_FLAGS} flags: delete stale ones first.`);
        return staleVersion('flag', (await store.get(key))?.definition.version);
      });
    },
  };
  return store;
}

/** A stored definition is validated on the way out too: one bad item is left out, never served. */
function toStoredFlag(item: Item): StoredFlag | undefined {
  const parsed = flagDefinitionSchema.safeParse(item.definition);
  if (!parsed.success) return undefined;
  return { definition: parsed.data, updatedAt: String(item.updatedAt), updatedBy: String(item.updatedBy) };
}

function toHistoryEntry(item: Item): FlagHistoryEntry | undefined {
  const parsed = flagDefinitionSchema.safeParse(item.definition);
  if (!parsed.success) return undefined;
  return {
    version: Number(item.version),
    change: item.change as FlagChangeKind,
    definition: parsed.data,
    at: String(item.at),
    by: String(item.by),
    ...(typeof item.revertedFrom === 'number' ? { revertedFrom: item.revertedFrom } : {}),
  };
}
