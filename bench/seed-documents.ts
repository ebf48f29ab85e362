/**
 * The documents the bench reads: projects created through the project store (its real
 * transaction: project, owner grant, usage, event), then documents written with
 * BatchWriteItem item for item as the document store's create writes them (keys from
 * `documentKeys`, the record from the domain's `newDocument`), without outbox events.
 *
 * Layout: every tenth document goes to one project, the one the list route pages through
 * (so that partition of `gsi2` grows with the table too); the others fill projects of
 * 1,000 numbers each. Creates go to a project of their own, so the reads at a table size
 * see exactly the documents seeded for it.
 */
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type DocumentRecord, newDocument } from '../functions/documents/domain.js';
import { DOCUMENT_META_SCHEMA, documentKeys } from '../functions/documents/store.js';
import { dynamoUsageStore } from '../functions/entitlements/usage.js';
import { domainEvent } from '../functions/events/domain.js';
import { newProject, ownerGrant, PROJECT_EVENTS } from '../functions/projects/domain.js';
import { dynamoProjectStore, projectKeys } from '../functions/projects/store.js';
import { ulidSource } from '../functions/platform/ids.js';
import { systemClock } from '../functions/platform/ports.js';
import { type SeedOptions, seedRange } from './seed.js';

// Ids are shaped as the API's (26 characters of [0-9A-Z], like a ULID), which routes validate, and say what they are.
export const LIST_PROJECT = '01BENCHPRJLIST000000000000';
export const WRITE_PROJECT = '01BENCHPRJWRITE00000000000';
const OTHERS_SIZE = 1_000;
const otherProject = (n: number) => `01BENCHPRJ${String(Math.floor(n / OTHERS_SIZE)).padStart(16, '0')}`;

/** Where document `n` lives. */
export const projectOfDocument = (n: number): string => (n % 10 === 0 ? LIST_PROJECT : otherProject(n));
export const benchDocumentId = (n: number): string => `01BENCHDOC${String(n).padStart(16, '0')}`;

const SENTENCES = [
  'The quarterly plan moves the launch to the second week, after the security review.',
  'Each team lists its open risks with an owner and a date; nothing stays unowned.',
  'We measure what users do, not what they say, and we write the numbers down.',
  'The migration runs in small steps, each reversible, each with its own check.',
  'Questions go to the channel, decisions go into this document, with the reason.',
  'Support sees the same dashboards as engineering, so nobody argues about the facts.',
];

/** A markdown body of about 2 KB (1.4 to 2.6 KB), different for every document. */
export function benchBody(n: number): string {
  const paragraphs: string[] = [`# Notes ${n}`, '', `Written for the bench; document number ${n}.`];
  const sentences = 12 + (n % 12);
  for (let i = 0; i < sentences; i++) {
    if (i % 4 === 0) paragraphs.push('');
    paragraphs.push(`${i % 4 === 0 ? '- ' : ''}${SENTENCES[(n + i) % SENTENCES.length]}`);
  }
  return paragraphs.join('\n');
}

export interface BenchAuthor {
  userId: string;
  email: string;
}

/** Document `n`, as the domain builds it for a create; its update time orders it in its project. */
export function benchDocument(n: number, author: BenchAuthor): { doc: DocumentRecord; body: string } {
  const body = benchBody(n);
  const doc = newDocument(
    { title: `Bench notes ${n}`, body, tags: n % 3 === 0 ? ['bench', `batch-${n % 7}`] : ['bench'] },
    { documentId: benchDocumentId(n), projectId: projectOfDocument(n) },
    author,
    new Date(Date.UTC(2026, 0, 1) + n * 1000),
  );
  return { doc, body };
}

/** The items the document store's create puts for a new document: its meta (listed in its project) and its body. */
export function documentItems(doc: DocumentRecord, body: string): Record<string, unknown>[] {
  return [
    {
      ...documentKeys.meta(doc.documentId),
      ...documentKeys.listed(doc),
      entity: 'Document',
      schemaVersion: 1,
      shareCount: 0,
      ...doc,
      // The meta's format when it carries a word count, stamped with the version it was counted at.
      ...(doc.wordCount === undefined ? {} : { wordsAtVersion: doc.version, schemaVersion: DOCUMENT_META_SCHEMA }),
    },
    { ...documentKeys.body(doc.documentId), entity: 'DocumentBody', schemaVersion: 1, documentId: doc.documentId, body },
  ];
}

/** Documents the update route edits (one per way of calling it, and one for the meters), in the write project. */
export const EDITED = { http: 0, 'in-process': 1, raw: 2, metered: 3 } as const;
export const editedDocumentId = (k: number): string => `01BENCHEDT${String(k).padStart(16, '0')}`;

/** Puts the edited documents at version 1, as a create would leave them. */
export async function seedEditedDocuments(db: DynamoDBDocumentClient, tableName: string, author: BenchAuthor): Promise<void> {
  const items = Object.values(EDITED).flatMap((k) => {
    const { body } = benchDocument(k, author);
    const doc = newDocument({ title: `Edited ${k}`, body, tags: ['bench'] }, { documentId: editedDocumentId(k), projectId: WRITE_PROJECT }, author, new Date());
    return documentItems(doc, body);
  });
  for (const Item of items) await db.send(new PutCommand({ TableName: tableName, Item }));
}

/** The projects documents `from` to `to - 1` need, besides those that exist (always the list and write projects). */
export function projectsFor(range: { from: number; to: number }): string[] {
  const ids = new Set<string>(range.from === 0 ? [LIST_PROJECT, WRITE_PROJECT] : []);
  for (let n = range.from; n < range.to; n++) ids.add(projectOfDocument(n));
  return [...ids];
}

/**
 * Creates the projects (owned by `author`) through the project store, then writes documents
 * `from` to `to - 1` and counts them on their projects. Returns the wall time of the documents.
 */
export async function seedDocuments(
  db: DynamoDBDocumentClient,
  tableName: string,
  author: BenchAuthor,
  range: { from: number; to: number },
  options: SeedOptions = {},
): Promise<number> {
  const projects = dynamoProjectStore(db, tableName, dynamoUsageStore(db, tableName));
  const now = new Date();
  for (const projectId of projectsFor(range)) {
    if ((await projects.get(projectId)) !== undefined) continue;
    const project = newProject({ name: `Bench ${projectId}`, description: 'Seeded by npm run bench' }, projectId, author, now);
    const event = domainEvent(
      {
        type: PROJECT_EVENTS.created,
        actor: { userId: author.userId, via: 'session', ip: '203.0.113.9', userAgent: 'ownstack-bench' },
        subject: { kind: 'project', id: projectId },
        data: { projectId, name: project.name },
      },
      { clock: systemClock, ids: ulidSource },
    );
    // The bench owns far more projects than the community quota allows: the limit is the store's parameter.
    await projects.create(project, ownerGrant(author, now), event, { limit: Number.MAX_SAFE_INTEGER });
  }
  const ms = await seedRange(
    db,
    tableName,
    range,
    (n) => {
      const { doc, body } = benchDocument(n, author);
      return documentItems(doc, body);
    },
    options,
  );
  // Each project counts its documents, as creates would have (lists do not read it; the UI shows it).
  const counts = new Map<string, number>();
  for (let n = range.from; n < range.to; n++) counts.set(projectOfDocument(n), (counts.get(projectOfDocument(n)) ?? 0) + 1);
  for (const [projectId, count] of counts) {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: projectKeys.project(projectId),
        UpdateExpression: 'ADD documentCount :n',
        ExpressionAttributeValues: { ':n': count },
      }),
    );
  }
  return ms;
}
