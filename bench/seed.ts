/**
 * Fills the table with users, item for item as the user store writes them (keys from
 * `userKeys`, attributes as `itemOf` sets them), with BatchWriteItem: 25 items a request,
 * a few requests in flight. Seeding writes no outbox events: these users never "joined".
 * `seedRange` is the batch writer the documents' seeding (seed-documents.ts) uses too.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '../functions/identity/domain.js';
import { userKeys } from '../functions/identity/store.js';

const BATCH = 25;

/** The item the user store writes for a user (functions/identity/store.ts, itemOf). */
export function userItem({ groupIds, ...user }: User): Record<string, unknown> {
  return {
    ...userKeys.user(user.userId),
    ...userKeys.byEmail(user.email),
    ...userKeys.inDirectory(user),
    entity: 'User',
    schemaVersion: 1,
    ...user,
    ...(groupIds.length > 0 ? { groupIds: new Set(groupIds) } : {}),
  };
}

/** The n-th bench user: a member, with an email that sorts among the others by number. */
export function benchUser(n: number): User {
  const id = String(n).padStart(7, '0');
  return {
    userId: `bench-user-${id}`,
    email: `person-${id}@bench.example.com`,
    displayName: `Bench Person ${n}`,
    role: 'member',
    status: 'active',
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    // Every tenth user is in a team, so list pages carry a realistic mix of items.
    groupIds: n % 10 === 0 ? [`group-${n % 7}`] : [],
  };
}

export async function putUser(db: DynamoDBDocumentClient, tableName: string, user: User): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: userItem(user) }));
}

export interface SeedProgress {
  written: number;
  total: number;
  elapsedMs: number;
}

/** Writes bench users `from` to `to - 1`; returns the wall time. */
export function seedUsers(db: DynamoDBDocumentClient, tableName: string, range: { from: number; to: number }, options: SeedOptions = {}): Promise<number> {
  return seedRange(db, tableName, range, (n) => [userItem(benchUser(n))], options);
}

export interface SeedOptions {
  concurrency?: number;
  onProgress?: (p: SeedProgress) => void;
}

/**
 * Writes the items of numbers `from` to `to - 1` (`itemsOf(n)`: one or a few items each)
 * with BatchWriteItem, 25 items a request, a few requests in flight; returns the wall time.
 * Progress counts numbers, not items.
 */
export async function seedRange(
  db: DynamoDBDocumentClient,
  tableName: string,
  range: { from: number; to: number },
  itemsOf: (n: number) => Record<string, unknown>[],
  options: SeedOptions = {},
): Promise<number> {
  const total = range.to - range.from;
  const started = performance.now();
  const perNumber = Math.max(1, itemsOf(range.from).length);
  const numbersPerBatch = Math.max(1, Math.floor(BATCH / perNumber));
  let next = range.from;
  let written = 0;
  let lastReport = started;

  async function writeBatch(items: Record<string, unknown>[]) {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`DynamoDB Local left ${pending.length} items unprocessed after ${attempt} attempts.`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
    }
  }

  async function worker() {
    while (next < range.to) {
      const first = next;
      const last = Math.min(range.to, first + numbersPerBatch);
      next = last;
      const items: Record<string, unknown>[] = [];
      for (let n = first; n < last; n++) items.push(...itemsOf(n));
      for (let i = 0; i < items.length; i += BATCH) await writeBatch(items.slice(i, i + BATCH));
      written += last - first;
      const now = performance.now();
      if (options.onProgress && (now - lastReport > 5_000 || written === total)) {
        lastReport = now;
        options.onProgress({ written, total, elapsedMs: now - started });
      }
    }
  }

  // DynamoDB Local is one java process on the same cores: a few requests in flight keep it
  // busy; more only queue.
  await Promise.all(Array.from({ length: options.concurrency ?? 6 }, worker));
  return performance.now() - started;
}
