/**
 * Data migrations on DynamoDB Local, with the real migration `0001-document-word-count`
 * over thousands of documents stored as 0.1.0 stored them: interrupted by a time budget of
 * a few milliseconds and by an injected failure, resumed from the checkpoint until done,
 * each item written once and nothing else changed; app writes of old and new code racing
 * the migration, none lost; the 0.1.0 reader and the current one reading both shapes;
 * contract only after expand, and only on a later version.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { edited, excerptOf, wordsOf, type DocumentRecord } from '../../functions/documents/domain.js';
import { documentKeys, dynamoDocumentStore, storedWordCount } from '../../functions/documents/store.js';
import { dynamoUsageStore } from '../../functions/entitlements/usage.js';
import { domainEvent } from '../../functions/events/domain.js';
import { readCheckpoint } from '../../functions/migrations/checkpoint.js';
import { documentWordCount } from '../../functions/migrations/document-word-count.js';
import type { ItemKey, Phase } from '../../functions/migrations/migration.js';
import { runPendingMigrations } from '../../functions/migrations/plan.js';
import { type MigrationDeps, runStep } from '../../functions/migrations/runner.js';
import { Conflict } from '../../functions/platform/errors.js';
import { ulidSource } from '../../functions/platform/ids.js';
import { systemClock } from '../../functions/platform/ports.js';
import { createTestTable, type TestTable } from '../support/table.js';

type Item = Record<string, unknown>;
const PROJECT = 'p1';
const tables: TestTable[] = [];
afterEach(async () => {
  await Promise.all(tables.splice(0).map((t) => t.drop()));
});

const bodyOf = (i: number) => `# Note ${i}\n\n${Array.from({ length: i % 60 }, (_, k) => `word${k}`).join(' ')} [a link](https://example.com/${i}) *done*`;
const docId = (i: number) => `doc${String(i).padStart(5, '0')}`;

/** A document's meta and body exactly as the 0.1.0 store wrote them (format 1: no word count). */
function v1Items(i: number): Item[] {
  const body = bodyOf(i);
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const documentId = docId(i);
  return [
    {
      ...documentKeys.meta(documentId),
      gsi2pk: `PROJECT#${PROJECT}#DOCS`,
      gsi2sk: `${at}#${documentId}`,
      entity: 'Document',
      schemaVersion: 1,
      shareCount: 0,
      documentId,
      projectId: PROJECT,
      title: `Note ${i}`,
      tags: i % 2 ? ['odd'] : [],
      excerpt: excerptOf(body),
      sizeBytes: Buffer.byteLength(body),
      version: 1 + (i % 3),
      status: 'active',
      createdAt: at,
      createdBy: 'u1',
      updatedAt: at,
      updatedBy: 'u1',
    },
    { ...documentKeys.body(documentId), entity: 'DocumentBody', schemaVersion: 1, documentId, body },
  ];
}

async function seeded(label: string, documents: number): Promise<TestTable> {
  const table = await createTestTable(label);
  tables.push(table);
  const items: Item[] = [
    ...Array.from({ length: documents }, (_, i) => v1Items(i)).flat(),
    // Other entities share the table; the migration must leave them alone.
    ...Array.from({ length: 150 }, (_, i) => ({ pk: `GROUP#g${i}`, sk: 'GROUP', entity: 'Group', schemaVersion: 1, name: `Group ${i}` })),
    { pk: `PROJECT#${PROJECT}`, sk: 'PROJECT', entity: 'Project', schemaVersion: 1, projectId: PROJECT, status: 'active', documentCount: documents },
  ];
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const put = async (batch: Item[]) => {
    let pending: Item[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const answer = await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = answer.UnprocessedItems?.[table.tableName] as Item[] | undefined;
    }
  };
  for (let i = 0; i < batches.length; i += 8) await Promise.all(batches.slice(i, i + 8).map(put));
  return table;
}

const depsOf = (table: TestTable, db: DynamoDBDocumentClient = table.db): MigrationDeps => ({
  db,
  tableName: table.tableName,
  clock: systemClock,
  ids: ulidSource,
});
const keyString = (k: ItemKey) => `${k.pk}|${k.sk}`;
const byKey = (items: Item[]) => new Map(items.map((i) => [keyString(i as ItemKey), i]));
const metas = (items: Item[]) => items.filter((i) => i.entity === 'Document');
const without = (item: Item | undefined, ...names: string[]) => Object.fromEntries(Object.entries(item ?? {}).filter(([k]) => !names.includes(k)));

/** Invokes a step again and again, as the upgrade does, each call with `budgetMs`; counts the calls. */
async function runUntilDone(
  deps: MigrationDeps,
  phase: Phase,
  options: { budgetMs: number; segments?: number; onWrite?: (k: ItemKey) => void; tolerate?: (e: Error) => boolean },
) {
  let calls = 0;
  let failures = 0;
  for (;;) {
    calls++;
    if (calls > 5000) throw new Error('the migration made no progress');
    try {
      const outcome = await runStep(deps, documentWordCount, phase, {
        deadline: Date.now() + options.budgetMs,
        segments: options.segments,
        onWrite: options.onWrite,
      });
      if (outcome.status === 'completed') return { calls, failures, outcome };
    } catch (error) {
      if (!options.tolerate?.(error as Error)) throw error;
      failures++;
    }
  }
}

/** The 0.1.0 reader of a document meta, verbatim: fields by name, unknown attributes ignored. */
function v1ToDocument(item: Item) {
  const d = item as unknown as DocumentRecord;
  return {
    documentId: d.documentId,
    projectId: d.projectId,
    title: d.title,
    tags: d.tags ?? [],
    excerpt: d.excerpt,
    sizeBytes: d.sizeBytes,
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

/** An edit as 0.1.0 saved it: the meta's format-1 fields and the body, on the version it read. */
async function v1Edit(db: DynamoDBDocumentClient, tableName: string, before: Item, body: string, title: string) {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: documentKeys.meta(before.documentId as string),
            UpdateExpression: 'SET title = :title, excerpt = :excerpt, sizeBytes = :size, version = :next, updatedAt = :at',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: {
              ':title': title,
              ':excerpt': excerptOf(body),
              ':size': Buffer.byteLength(body),
              ':next': (before.version as number) + 1,
              ':at': new Date().toISOString(),
              ':expected': before.version,
            },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...documentKeys.body(before.documentId as string), entity: 'DocumentBody', schemaVersion: 1, documentId: before.documentId, body },
          },
        },
      ],
    }),
  );
}

const documentStoreOf = (table: TestTable) => dynamoDocumentStore(table.db, table.tableName, dynamoUsageStore(table.db, table.tableName));
const eventOf = (documentId: string) =>
  domainEvent(
    { type: 'document.updated', actor: { userId: 'u2', via: 'system' }, subject: { kind: 'document', id: documentId }, data: {} },
    { clock: systemClock, ids: ulidSource },
  );

describe('migration 0001-document-word-count', () => {
  it('counts every document once across interrupted and resumed runs, changing nothing else', async () => {
    const DOCUMENTS = 2000;
    const table = await seeded('mig-resume', DOCUMENTS);
    const before = byKey(await table.items());
    // One write fails as a dropped connection would, in the middle of the run.
    let updates = 0;
    const flaky = new Proxy(table.db, {
      get(target, name, receiver) {
        if (name !== 'send') return Reflect.get(target, name, receiver);
        return (command: unknown) => {
          if (command instanceof UpdateCommand && ++updates === 1200) return Promise.reject(new Error('injected: connection reset'));
          return target.send(command as never);
        };
      },
    });
    const writes = new Map<string, number>();
    const onWrite = (k: ItemKey) => writes.set(keyString(k), (writes.get(keyString(k)) ?? 0) + 1);

    const { calls, failures, outcome } = await runUntilDone(depsOf(table, flaky), 'expand', {
      budgetMs: 15,
      onWrite,
      tolerate: (e) => e.message.startsWith('injected'),
    });

    expect(failures).toBe(1);
    expect(calls).toBeGreaterThan(20); // interrupted by the budget many times
    expect(outcome.counts).toMatchObject({ changed: DOCUMENTS, retried: 0, gone: 0 });
    const after = await table.items();
    expect(after.length).toBe(before.size + 2); // + the checkpoint and its completion event
    for (const item of after) {
      const key = keyString(item as ItemKey);
      if (item.entity === 'Document') {
        expect(writes.get(key), key).toBe(1);
        const body = before.get(keyString(documentKeys.body(item.documentId as string)))?.body as string;
        expect(item).toMatchObject({ schemaVersion: 2, wordCount: wordsOf(body), wordsAtVersion: item.version });
        expect(without(item, 'wordCount', 'wordsAtVersion', 'schemaVersion')).toEqual(without(before.get(key), 'schemaVersion'));
      } else if (before.has(key)) {
        expect(item).toEqual(before.get(key));
      }
    }
    expect(writes.size).toBe(DOCUMENTS);
    const checkpoint = await readCheckpoint(table.db, table.tableName, documentWordCount.id, 'expand');
    expect(checkpoint).toMatchObject({ status: 'completed', invocations: calls, counts: { changed: DOCUMENTS } });
    expect(after.filter((i) => i.entity === 'OutboxEvent').map((i) => (i.event as { type: string }).type)).toEqual(['migration.step-completed']);

    // A run after completion changes nothing.
    const again = await runStep(depsOf(table), documentWordCount, 'expand', { deadline: Date.now() + 1000, onWrite });
    expect(again.status).toBe('completed');
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
  }, 300_000);

  it('loses no app write that races the migration, from old code or new, and contract leaves every count true', async () => {
    const DOCUMENTS = 800;
    const table = await seeded('mig-race', DOCUMENTS);
    const store = documentStoreOf(table);
    let migrationDone = false;
    let editsWhileMigrating = 0;
    const migrating = runUntilDone(depsOf(table), 'expand', { budgetMs: 10, segments: 3 }).then(() => {
      migrationDone = true;
    });
    const edits = new Map<string, { body: string; title: string; by: 'old' | 'new' }>();
    // 200 edits of distinct documents while the migration runs: even ones by 0.1.0 code, odd ones by this code.
    for (let n = 0; n < 200; n++) {
      const i = (n * 37) % DOCUMENTS;
      const documentId = docId(i);
      const body = `${'edited '.repeat(n % 17)}revision ${n}`;
      const title = `Edited ${n}`;
      if (n % 2 === 0) {
        const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: documentKeys.meta(documentId), ConsistentRead: true }));
        await v1Edit(table.db, table.tableName, Item as Item, body, title);
        edits.set(documentId, { body, title, by: 'old' });
      } else {
        const loaded = await store.get(documentId);
        if (!loaded) throw new Error(`missing ${documentId}`);
        const after = edited(loaded.document, { title, body, tags: loaded.document.tags }, { userId: 'u2' }, new Date());
        await store.update(loaded.document, after, body, eventOf(documentId));
        edits.set(documentId, { body, title, by: 'new' });
      }
      if (!migrationDone) editsWhileMigrating++;
    }
    await migrating;
    expect(editsWhileMigrating).toBeGreaterThan(50);

    const items = byKey(await table.items());
    for (const [documentId, edit] of edits) {
      const meta = items.get(keyString(documentKeys.meta(documentId))) as Item;
      expect(items.get(keyString(documentKeys.body(documentId)))?.body).toBe(edit.body);
      expect(meta.title).toBe(edit.title);
      // A count shown is always the body's; one left stale by 0.1.0 code reads as none.
      const shown = storedWordCount(meta);
      if (edit.by === 'new') expect(shown).toBe(wordsOf(edit.body));
      else expect(shown === undefined || shown === wordsOf(edit.body)).toBe(true);
    }

    await runUntilDone(depsOf(table), 'contract', { budgetMs: 10 });
    const contracted = await table.items();
    expect(metas(contracted)).toHaveLength(DOCUMENTS);
    for (const meta of metas(contracted)) {
      const body = contracted.find((i) => i.pk === meta.pk && i.sk === 'BODY')?.body as string;
      expect(meta.schemaVersion).toBe(2);
      expect(storedWordCount(meta), meta.pk as string).toBe(wordsOf(body));
    }
    for (const [documentId, edit] of edits) expect((await store.get(documentId))?.document).toMatchObject({ title: edit.title, wordCount: wordsOf(edit.body) });
  }, 300_000);

  it('is read by the 0.1.0 reader and the current one in both shapes', async () => {
    const table = await seeded('mig-readers', 3);
    const store = documentStoreOf(table);
    const raw = async (i: number) => (await table.items()).find((x) => x.pk === `DOC#${docId(i)}` && x.sk === 'META') as Item;
    const oldShapes = await Promise.all([0, 1, 2].map(async (i) => v1ToDocument(await raw(i))));

    // Format 1: the current reader shows no count; the old one reads what it always did.
    expect((await store.get(docId(1)))?.document.wordCount).toBeUndefined();
    await runUntilDone(depsOf(table), 'expand', { budgetMs: 1000 });

    // Format 2: the old reader's records are exactly as before; the current one adds the count.
    for (const i of [0, 1, 2]) {
      expect(v1ToDocument(await raw(i))).toEqual(oldShapes[i]);
      expect((await store.get(docId(i)))?.document).toEqual({ ...oldShapes[i], wordCount: wordsOf(bodyOf(i)) });
    }
    const listed = await store.listByProject(PROJECT, { limit: 10 });
    expect(listed.items.map((d) => d.wordCount)).toEqual([2, 1, 0].map((i) => wordsOf(bodyOf(i))));

    // 0.1.0 edits a format-2 document: it keeps working, and the stale count is not shown.
    await v1Edit(table.db, table.tableName, await raw(2), 'one two three four', 'Old code edit');
    expect(v1ToDocument(await raw(2))).toMatchObject({ title: 'Old code edit', version: (oldShapes[2]?.version ?? 0) + 1 });
    const stale = (await store.get(docId(2)))?.document;
    expect(stale).toMatchObject({ title: 'Old code edit' });
    expect(stale?.wordCount).toBeUndefined();
    // The current code's next edit counts again.
    const loaded = (await store.get(docId(2)))?.document;
    if (!loaded) throw new Error('the document is gone');
    await store.update(
      loaded,
      edited(loaded, { title: 'New code edit', body: 'five words in this body', tags: [] }, { userId: 'u2' }, new Date()),
      'five words in this body',
      eventOf(docId(2)),
    );
    expect((await store.get(docId(2)))?.document.wordCount).toBe(5);
    expect(v1ToDocument(await raw(2)).title).toBe('New code edit');
  });

  it('contracts only after expand has completed, and only once a later version is deployed', async () => {
    const table = await seeded('mig-contract', 300);
    const deps = depsOf(table);
    await expect(runStep(deps, documentWordCount, 'contract', { deadline: Date.now() + 1000 })).rejects.toBeInstanceOf(Conflict);
    // Halfway through expand: still refused.
    const half = await runStep(deps, documentWordCount, 'expand', { deadline: 0 });
    expect(half.status).toBe('more');
    await expect(runStep(deps, documentWordCount, 'contract', { deadline: Date.now() + 1000 })).rejects.toBeInstanceOf(Conflict);
    expect(await readCheckpoint(table.db, table.tableName, documentWordCount.id, 'contract')).toBeUndefined();

    // The version that introduced it: expand to the end, no contract.
    let pending = { done: false, steps: [] as { phase: Phase }[] };
    const phases: Phase[] = [];
    while (!pending.done) {
      pending = await runPendingMigrations(deps, [documentWordCount], { deadline: Date.now() + 5, deployedVersion: '0.2.0' });
      phases.push(...pending.steps.map((s) => s.phase));
    }
    expect(new Set(phases)).toEqual(new Set(['expand']));
    expect(await readCheckpoint(table.db, table.tableName, documentWordCount.id, 'expand')).toMatchObject({ status: 'completed', completedAtVersion: '0.2.0' });
    expect(await runPendingMigrations(deps, [documentWordCount], { deadline: Date.now() + 5000, deployedVersion: '0.2.0' })).toEqual({ done: true, steps: [] });
    expect(await readCheckpoint(table.db, table.tableName, documentWordCount.id, 'contract')).toBeUndefined();

    // The next version: contract runs (and finds nothing stale: no old code ran).
    const next = await runPendingMigrations(deps, [documentWordCount], { deadline: Date.now() + 5000, deployedVersion: '0.2.1' });
    expect(next).toMatchObject({ done: true, steps: [{ phase: 'contract', status: 'completed', counts: { changed: 0, alreadyDone: 300 } }] });
  }, 180_000);

  it('writes each item once when two runners of the same step race, and with parallel segments', async () => {
    const DOCUMENTS = 600;
    const table = await seeded('mig-two-runners', DOCUMENTS);
    const writes = new Map<string, number>();
    const onWrite = (k: ItemKey) => writes.set(keyString(k), (writes.get(keyString(k)) ?? 0) + 1);
    const runner = () => runUntilDone(depsOf(table), 'expand', { budgetMs: 20, segments: 4, onWrite, tolerate: (e) => e instanceof Conflict });
    const [a, b] = await Promise.all([runner(), runner()]);
    expect(a.failures + b.failures).toBeGreaterThan(0); // they did collide on the checkpoint
    expect(writes.size).toBe(DOCUMENTS);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
    const checkpoint = await readCheckpoint(table.db, table.tableName, documentWordCount.id, 'expand');
    expect(checkpoint?.segments).toHaveLength(4);
    for (const meta of metas(await table.items())) expect(meta.wordsAtVersion).toBe(meta.version);
  }, 300_000);
});
