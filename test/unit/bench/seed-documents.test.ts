import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentParams } from '../../../functions/documents/schemas.js';
import { dynamoDocumentStore } from '../../../functions/documents/store.js';
import { projectParams } from '../../../functions/projects/schemas.js';
import type { DomainEvent } from '../../../functions/events/domain.js';
import type { UsageStore } from '../../../functions/entitlements/usage.js';
import { benchDocument, benchDocumentId, documentItems, LIST_PROJECT, projectOfDocument, projectsFor, WRITE_PROJECT } from '../../../bench/seed-documents.js';

/** A client that answers every command with nothing and keeps what it was sent: what the store would write. */
function recordingClient() {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const db = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, sent };
}

const author = { userId: 'user-1', email: 'owner@example.com' };
const event: DomainEvent = {
  id: 'event-1',
  type: 'document.created',
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  actor: { userId: 'user-1', via: 'session', ip: '203.0.113.9', userAgent: 'test' },
  subject: { kind: 'document', id: '01BENCHDOC0000000000000042' },
  data: {},
};

describe('bench document seeding', () => {
  it('writes, item for item, what the document store puts for a create', async () => {
    const { db, sent } = recordingClient();
    const store = dynamoDocumentStore(db, 'table', {} as UsageStore);
    const { doc, body } = benchDocument(42, author);
    await store.create(doc, body, event, { limit: 200 });
    const transaction = sent.find((s) => s.name === 'TransactWriteCommand');
    const puts = ((transaction?.input.TransactItems ?? []) as { Put?: { Item: Record<string, unknown> } }[]).flatMap((t) => (t.Put ? [t.Put.Item] : []));
    const [meta, bodyItem] = documentItems(doc, body);
    expect(puts).toContainEqual(meta);
    expect(puts).toContainEqual(bodyItem);
  });

  it('puts every tenth document in the listed project and the rest in projects of 1,000', () => {
    expect([0, 10, 99_990].map(projectOfDocument)).toEqual([LIST_PROJECT, LIST_PROJECT, LIST_PROJECT]);
    const other = (k: number) => `01BENCHPRJ${String(k).padStart(16, '0')}`;
    expect(projectOfDocument(1)).toBe(other(0));
    expect(projectOfDocument(99_999)).toBe(other(99));
    expect(projectsFor({ from: 0, to: 1_000 })).toEqual([LIST_PROJECT, WRITE_PROJECT, other(0)]);
    expect(projectsFor({ from: 1_000, to: 3_000 })).toEqual([LIST_PROJECT, other(1), other(2)]);
    expect(benchDocument(7, author).doc).toMatchObject({ documentId: benchDocumentId(7), projectId: other(0), version: 1, status: 'active' });
  });

  it('makes ids the routes accept', () => {
    for (const id of [LIST_PROJECT, WRITE_PROJECT, projectOfDocument(99_999), benchDocumentId(0), benchDocumentId(99_999)]) {
      expect(projectParams.safeParse({ projectId: id }).success).toBe(true);
      expect(documentParams.safeParse({ documentId: id }).success).toBe(true);
    }
  });

  it('writes bodies of about 2 KB', () => {
    const sizes = Array.from({ length: 24 }, (_, n) => benchDocument(n, author).doc.sizeBytes);
    expect(Math.min(...sizes)).toBeGreaterThan(1_000);
    expect(Math.max(...sizes)).toBeLessThan(3_000);
  });
});
