/**
 * DynamoDB adapter for documents (docs/access-patterns.md, AP10–AP12 and AP27–AP30). A
 * document's partition `DOC#<id>` holds its meta (`META`), its body (`BODY`, never read by
 * lists) and its shares (`SHARE#<kind>#<id>`), so reading one is one Query. The meta is
 * indexed under its project (gsi2, newest update first; trashed ones under the project's
 * trash, newest deletion first) and, when trashed, under the purge index (gsi1 `PURGE`).
 * Every change is one transaction with the project's document count, the usage counter
 * and the event; the project's status is checked in it, so an archived project stays
 * read-only even against a racing archive.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { quotaExceeded, type UsageStore, usageAdd, usageSubtract } from '../entitlements/usage.js';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import { DuplicateRequest } from '../platform/idempotency.js';
import { staleVersion } from '../platform/preconditions.js';
import { projectKeys, type TransactItem } from '../projects/store.js';
import type { GranteeKind } from '../projects/schemas.js';
import { type DocumentRecord, MAX_DOCUMENT_SHARES, type Share } from './domain.js';

export const documentKeys = {
  partition: (documentId: string) => `DOC#${documentId}`,
  meta: (documentId: string) => ({ pk: `DOC#${documentId}`, sk: 'META' }),
  body: (documentId: string) => ({ pk: `DOC#${documentId}`, sk: 'BODY' }),
  share: (documentId: string, kind: GranteeKind, granteeId: string) => ({ pk: `DOC#${documentId}`, sk: `SHARE#${kind}#${granteeId}` }),
  /** Where the meta is listed: the project's documents by last update, or its trash by deletion. */
  listed: (d: Pick<DocumentRecord, 'documentId' | 'projectId' | 'status' | 'updatedAt' | 'deletedAt'>) =>
    d.status === 'trashed'
      ? { gsi2pk: `PROJECT#${d.projectId}#TRASH`, gsi2sk: `${d.deletedAt}#${d.documentId}` }
      : { gsi2pk: `PROJECT#${d.projectId}#DOCS`, gsi2sk: `${d.updatedAt}#${d.documentId}` },
  purge: (purgeAt: string, documentId: string) => ({ gsi1pk: 'PURGE', gsi1sk: `${purgeAt}#DOC#${documentId}` }),
  sharedWith: (kind: GranteeKind, granteeId: string) => `SHARED#${kind}#${granteeId}`,
};

export interface LoadedDocument {
  document: DocumentRecord;
  shares: Share[];
  /** Present when asked for. */
  body?: string;
}

export interface SharedRow {
  documentId: string;
  sortKey: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface DocumentStore {
  /** Meta and shares (and the body when asked), one strongly consistent Query. */
  get(documentId: string, options?: { withBody?: boolean }): Promise<LoadedDocument | undefined>;
  getBody(documentId: string): Promise<string | undefined>;
  getMany(documentIds: readonly string[]): Promise<DocumentRecord[]>;
  /** Active documents of a project, most recently updated first. */
  listByProject(projectId: string, page: { cursor?: string; limit: number }): Promise<Page<DocumentRecord>>;
  /** Trashed documents of a project, newest deletion first. */
  listTrash(projectId: string, page: { cursor?: string; limit: number }): Promise<Page<DocumentRecord>>;
  /** One principal key's shares, newest first, before a sort key. */
  sharedWith(kind: GranteeKind, granteeId: string, page: { before?: string; limit: number }): Promise<SharedRow[]>;
  create(doc: DocumentRecord, body: string, event: DomainEvent, options: { limit: number; alsoWrite?: TransactItem[] }): Promise<void>;
  /** Saves an edit (meta and body) if the document is still at `before.version` and its project active. */
  update(before: DocumentRecord, after: DocumentRecord, body: string, event: DomainEvent): Promise<void>;
  move(before: DocumentRecord, after: DocumentRecord, event: DomainEvent): Promise<void>;
  trash(before: DocumentRecord, after: DocumentRecord, event: DomainEvent): Promise<void>;
  restore(before: DocumentRecord, after: DocumentRecord, event: DomainEvent, limit: number): Promise<void>;
  putShare(doc: DocumentRecord, share: Share, isNew: boolean, event: DomainEvent): Promise<void>;
  removeShare(doc: DocumentRecord, kind: GranteeKind, granteeId: string, event: DomainEvent): Promise<void>;
  /**
   * Deletes a document for good (meta, body, shares) with its `document.purged` event.
   * `{ dueBy }`: only if it is in the trash and due by then (the purge index may lag a
   * restore). `{ withProject: true }`: its project is being purged, so whatever its status;
   * an active one stops counting now (a trashed one stopped when it was trashed).
   * Returns false when there was nothing (left) to purge: running twice is harmless.
   */
  purge(documentId: string, event: (doc: DocumentRecord) => DomainEvent, scope: { dueBy: string } | { withProject: true }): Promise<boolean>;
}

type Item = Record<string, unknown>;
const OPTIONAL = ['deletedAt', 'purgeAt'] as const;

/**
 * Stored format of the meta. 1: no word count. 2: `wordCount` with `wordsAtVersion`, the
 * version it was counted at. Code of format 1 still edits metas of format 2 while an
 * upgrade is halfway (or after a rollback) without knowing the count: the stamp tells a
 * count that is still the body's from one left stale, which reads as none.
 */
export const DOCUMENT_META_SCHEMA = 2;

/** The count that is still true of the body, or undefined. */
export function storedWordCount(item: Item): number | undefined {
  return typeof item.wordCount === 'number' && item.wordsAtVersion === item.version ? item.wordCount : undefined;
}

/** What a meta written by this code carries besides its fields: the stamp and the format, when it knows the count. */
const metaFormat = (doc: DocumentRecord) => (doc.wordCount === undefined ? {} : { wordsAtVersion: doc.version, schemaVersion: DOCUMENT_META_SCHEMA });

function toDocument(item: Item): DocumentRecord {
  const d = item as unknown as DocumentRecord;
  return {
    documentId: d.documentId,
    projectId: d.projectId,
    title: d.title,
    tags: d.tags ?? [],
    excerpt: d.excerpt,
    sizeBytes: d.sizeBytes,
    ...(storedWordCount(item) === undefined ? {} : { wordCount: storedWordCount(item) }),
    version: d.version,
    status: d.status,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    updatedAt: d.updatedAt,
    updatedBy: d.updatedBy,
    ...(d.deletedAt ? { deletedAt: d.deletedAt } : {}),
    ...(d.purgeAt ? { purgeAt: d.purgeAt } : {}),
  };
}

function toShare(item: Item): Share {
  const s = item as unknown as Share;
  return { kind: s.kind, granteeId: s.granteeId, label: s.label, role: s.role, sharedAt: s.sharedAt, sharedBy: s.sharedBy };
}

export function dynamoDocumentStore(db: DynamoDBDocumentClient, tableName: string, usage: UsageStore): DocumentStore {
  /** The meta's new state as one Update (shareCount is left alone: shares change it concurrently). */
  function metaUpdate(after: DocumentRecord, condition: string, conditionValues: Item): TransactItem {
    const fields: Item = { ...after, ...documentKeys.listed(after), ...metaFormat(after) };
    for (const k of OPTIONAL) if (after[k] === undefined) delete fields[k];
    const remove: string[] = OPTIONAL.filter((k) => after[k] === undefined);
    if (after.status === 'trashed' && after.purgeAt) Object.assign(fields, documentKeys.purge(after.purgeAt, after.documentId));
    else remove.push('gsi1pk', 'gsi1sk');
    const names: Record<string, string> = {};
    const values: Item = { ...conditionValues };
    const sets = Object.entries(fields).map(([k, v], i) => {
      names[`#f${i}`] = k;
      values[`:f${i}`] = v;
      return `#f${i} = :f${i}`;
    });
    remove.forEach((k, i) => {
      names[`#r${i}`] = k;
    });
    return {
      Update: {
        TableName: tableName,
        Key: documentKeys.meta(after.documentId),
        UpdateExpression: `SET ${sets.join(', ')}${remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: { ...names, '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    };
  }
  const atVersion = (before: DocumentRecord, status: 'active' | 'trashed') =>
    ['version = :expected AND #status = :was', { ':expected': before.version, ':was': status }] as const;

  /** Counts the project's documents up or down, on the condition that it is active (archived projects are read-only). */
  const countIn = (projectId: string, by: 1 | -1): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: projectKeys.project(projectId),
      UpdateExpression: 'ADD documentCount :by',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':by': by, ':active': 'active' },
    },
  });
  const projectIsActive = (projectId: string): TransactItem => ({
    ConditionCheck: {
      TableName: tableName,
      Key: projectKeys.project(projectId),
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active' },
    },
  });
  const bodyPut = (documentId: string, body: string): TransactItem => ({
    Put: { TableName: tableName, Item: { ...documentKeys.body(documentId), entity: 'DocumentBody', schemaVersion: 1, documentId, body } },
  });
  const notWritable = () => new Conflict('The project is archived or in the trash, so its documents are read-only.');
  /** Which failure it was: the document's version (412, with the current one) or its project's status (409). */
  const failureOf = async (documentId: string, failed: number[], metaIndex = 0): Promise<Error> => {
    if (failed.includes(metaIndex)) return staleVersion('document', (await store.get(documentId))?.document.version);
    return notWritable();
  };

  async function page(partition: string, cursor: string | undefined, limit: number): Promise<Page<DocumentRecord>> {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ExclusiveStartKey: decodeCursor(cursor, { gsi2pk: partition }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return { items: Items.map(toDocument), nextCursor: encodeCursor(LastEvaluatedKey) };
  }

  const store: DocumentStore = {
    async get(documentId, options = {}) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          // Without the body: META and SHARE# sort after BODY, so start at META.
          KeyConditionExpression: options.withBody ? 'pk = :pk' : 'pk = :pk AND sk >= :meta',
          ExpressionAttributeValues: { ':pk': documentKeys.partition(documentId), ...(options.withBody ? {} : { ':meta': 'META' }) },
          ConsistentRead: true,
        }),
      );
      const meta = Items.find((i) => i.sk === 'META');
      if (!meta) return undefined;
      const body = Items.find((i) => i.sk === 'BODY')?.body as string | undefined;
      return {
        document: toDocument(meta),
        shares: Items.filter((i) => i.entity === 'DocumentShare').map(toShare),
        ...(options.withBody ? { body: body ?? '' } : {}),
      };
    },

    async getBody(documentId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: documentKeys.body(documentId), ConsistentRead: true }));
      return Item?.body as string | undefined;
    },

    async getMany(documentIds) {
      const unique = [...new Set(documentIds)];
      const found = new Map<string, DocumentRecord>();
      let keys: Item[] | undefined = unique.map((id) => documentKeys.meta(id));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const answer = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        for (const item of answer.Responses?.[tableName] ?? []) found.set(item.documentId as string, toDocument(item));
        keys = answer.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
      }
      if (keys && keys.length > 0) throw new Error('DynamoDB left documents unread after retries; try again.');
      return documentIds.flatMap((id) => found.get(id) ?? []);
    },

    listByProject: (projectId, { cursor, limit }) => page(`PROJECT#${projectId}#DOCS`, cursor, limit),
    listTrash: (projectId, { cursor, limit }) => page(`PROJECT#${projectId}#TRASH`, cursor, limit),

    async sharedWith(kind, granteeId, { before, limit }) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': documentKeys.sharedWith(kind, granteeId), ...(before ? { ':before': before } : {}) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.map((i) => ({ documentId: i.documentId as string, sortKey: i.gsi1sk as string }));
    },

    async create(doc, body, event, { limit, alsoWrite = [] }) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...documentKeys.meta(doc.documentId),
              ...documentKeys.listed(doc),
              entity: 'Document',
              schemaVersion: 1,
              shareCount: 0,
              ...doc,
              ...metaFormat(doc),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        bodyPut(doc.documentId, body),
        countIn(doc.projectId, 1),
        usageAdd(tableName, 'documents', 1, limit),
        outboxPut(tableName, event),
        ...alsoWrite,
      ];
      await writeAtomically(db, items, (failed) => {
        if (failed.some((i) => i >= 5)) return new DuplicateRequest();
        if (failed.includes(3)) return quotaExceeded(usage, 'documents', limit);
        if (failed.includes(2)) return notWritable();
        return new Conflict('A document with this id exists.');
      });
    },

    async update(before, after, body, event) {
      const [condition, values] = atVersion(before, 'active');
      await writeAtomically(
        db,
        [metaUpdate(after, condition, values), bodyPut(after.documentId, body), projectIsActive(after.projectId), outboxPut(tableName, event)],
        (failed) => failureOf(after.documentId, failed),
      );
    },

    async move(before, after, event) {
      const [condition, values] = atVersion(before, 'active');
      await writeAtomically(
        db,
        [metaUpdate(after, condition, values), countIn(before.projectId, -1), countIn(after.projectId, 1), outboxPut(tableName, event)],
        (failed) => failureOf(after.documentId, failed),
      );
    },

    async trash(before, after, event) {
      const [condition, values] = atVersion(before, 'active');
      await writeAtomically(
        db,
        [metaUpdate(after, condition, values), countIn(after.projectId, -1), usageSubtract(tableName, 'documents', 1), outboxPut(tableName, event)],
        (failed) => failureOf(after.documentId, failed),
      );
    },

    async restore(before, after, event, limit) {
      const [condition, values] = atVersion(before, 'trashed');
      await writeAtomically(
        db,
        [metaUpdate(after, condition, values), countIn(after.projectId, 1), usageAdd(tableName, 'documents', 1, limit), outboxPut(tableName, event)],
        (failed) => (failed.includes(2) ? quotaExceeded(usage, 'documents', limit) : failureOf(after.documentId, failed)),
      );
    },

    async putShare(doc, share, isNew, event) {
      const item = {
        ...documentKeys.share(doc.documentId, share.kind, share.granteeId),
        gsi1pk: documentKeys.sharedWith(share.kind, share.granteeId),
        gsi1sk: `${share.sharedAt}#${doc.documentId}`,
        entity: 'DocumentShare',
        schemaVersion: 1,
        documentId: doc.documentId,
        ...share,
      };
      await writeAtomically(
        db,
        [
          { Put: { TableName: tableName, Item: item, ConditionExpression: isNew ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)' } },
          {
            Update: {
              TableName: tableName,
              Key: documentKeys.meta(doc.documentId),
              UpdateExpression: 'ADD shareCount :by',
              // The bound holds against racing shares: the count is the condition.
              ConditionExpression: `#status = :active${isNew ? ' AND (attribute_not_exists(shareCount) OR shareCount < :max)' : ''}`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':by': isNew ? 1 : 0, ':active': 'active', ...(isNew ? { ':max': MAX_DOCUMENT_SHARES } : {}) },
            },
          },
          projectIsActive(doc.projectId),
          outboxPut(tableName, event),
        ],
        (failed) =>
          failed.includes(1)
            ? new Conflict(`A document is shared with at most ${MAX_DOCUMENT_SHARES} users and groups, and only while it is not in the trash.`)
            : failed.includes(2)
              ? notWritable()
              : new Conflict('The shares changed meanwhile; reload them and try again.'),
      );
    },

    async removeShare(doc, kind, granteeId, event) {
      await writeAtomically(
        db,
        [
          { Delete: { TableName: tableName, Key: documentKeys.share(doc.documentId, kind, granteeId), ConditionExpression: 'attribute_exists(pk)' } },
          {
            Update: {
              TableName: tableName,
              Key: documentKeys.meta(doc.documentId),
              UpdateExpression: 'ADD shareCount :by',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':by': -1 },
            },
          },
          projectIsActive(doc.projectId),
          outboxPut(tableName, event),
        ],
        (failed) => (failed.includes(2) ? notWritable() : new Conflict('That share is gone already.')),
      );
    },

    async purge(documentId, eventOf, scope) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': documentKeys.partition(documentId) },
          ConsistentRead: true,
        }),
      );
      const meta = Items.find((i) => i.sk === 'META');
      if (!meta) return false;
      const doc = toDocument(meta);
      const due = 'dueBy' in scope;
      if (due && (doc.status !== 'trashed' || !doc.purgeAt || doc.purgeAt > scope.dueBy)) return false;
      const items: TransactItem[] = [
        {
          Delete: {
            TableName: tableName,
            Key: documentKeys.meta(documentId),
            // Nothing changed since the read: a racing restore or edit wins, and the next run looks again.
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': doc.version },
          },
        },
        ...Items.filter((i) => i.sk !== 'META').map((i) => ({ Delete: { TableName: tableName, Key: { pk: i.pk as string, sk: i.sk as string } } })),
        ...(!due && doc.status === 'active' ? [usageSubtract(tableName, 'documents', 1)] : []),
        outboxPut(tableName, eventOf(doc)),
      ];
      try {
        await writeAtomically(db, items, () => new Conflict('The document changed while it was being purged.'));
      } catch (error) {
        // A concurrent purge (or a restore) got there first: the next run looks again.
        if (error instanceof Conflict) return false;
        throw error;
      }
      return true;
    },
  };
  return store;
}
