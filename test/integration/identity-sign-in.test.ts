/** First sign-in on the real DynamoDB Local: user and joined event in one transaction. */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_JOINED } from '../../functions/identity/domain.js';
import { resolvePrincipal, type SignInDeps } from '../../functions/identity/sign-in.js';
import { userKeys } from '../../functions/identity/store.js';
import { Unauthenticated } from '../../functions/platform/errors.js';
import type { VerifiedClaims } from '../../functions/platform/principal.js';
import type { RequestMeta } from '../../functions/platform/route.js';
import { createServices } from '../../functions/services.js';
import { createTestTable, type TestTable } from '../support/table.js';

const OWNER_EMAIL = 'owner@example.com';
let table: TestTable;
let deps: SignInDeps;

const claimsFor = (email: string, sub = randomUUID()): VerifiedClaims => ({ sub, email, email_verified: true, name: `Person ${sub.slice(0, 4)}` });
const request = (): RequestMeta => ({ requestId: randomUUID(), correlationId: randomUUID(), sourceIp: '192.0.2.10', userAgent: 'vitest', headers: {} });

async function itemsOf(sub: string) {
  const all = await table.items();
  return {
    users: all.filter((i) => i.entity === 'User' && i.userId === sub),
    events: all.filter((i) => i.entity === 'OutboxEvent' && (i.event as { subject?: { id?: string } }).subject?.id === sub),
  };
}

beforeAll(async () => {
  table = await createTestTable('identity');
  deps = createServices({ ...table.config, INITIAL_OWNER_EMAIL: OWNER_EMAIL }, { db: table.db });
});

afterAll(async () => {
  await table.drop();
});

describe('first sign-in', () => {
  it('creates the user and its joined event in one transaction on first sign-in', async () => {
    const claims = claimsFor('ada@example.com');
    const principal = await resolvePrincipal(claims, request(), deps);

    const { users, events } = await itemsOf(claims.sub);
    expect(principal).toMatchObject({ userId: claims.sub, email: 'ada@example.com', role: 'member' });
    expect(users).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      pk: expect.stringMatching(/^OUTBOX#/),
      event: { type: USER_JOINED, data: { email: 'ada@example.com', role: 'member' } },
    });
    expect(events[0]?.expiresAt).toEqual(expect.any(Number));
  });

  it("makes the installation's initial owner an owner and everyone else a member", async () => {
    const owner = await resolvePrincipal(claimsFor(OWNER_EMAIL.toUpperCase()), request(), deps);
    const member = await resolvePrincipal(claimsFor('bob@example.com'), request(), deps);

    expect(owner.role).toBe('owner');
    expect(owner.email).toBe(OWNER_EMAIL);
    expect(member.role).toBe('member');
  });

  it('reads the same user on a second sign-in and writes no second event', async () => {
    const claims = claimsFor('carol@example.com');
    const first = await resolvePrincipal(claims, request(), deps);
    const second = await resolvePrincipal({ ...claims, name: 'Renamed In The IdP' }, request(), deps);

    expect(second).toEqual(first);
    const { users, events } = await itemsOf(claims.sub);
    expect(users).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('creates exactly one user and one event when two first sign-ins race', async () => {
    const claims = claimsFor('dave@example.com');
    const results = await Promise.all(Array.from({ length: 4 }, () => resolvePrincipal(claims, request(), deps)));

    expect(new Set(results.map((p) => p.userId))).toEqual(new Set([claims.sub]));
    const { users, events } = await itemsOf(claims.sub);
    expect(users).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('refuses a deactivated user as if the token were bad', async () => {
    const claims = claimsFor('erin@example.com');
    await resolvePrincipal(claims, request(), deps);
    await table.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: userKeys.user(claims.sub),
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'deactivated' },
      }),
    );

    await expect(resolvePrincipal(claims, request(), deps)).rejects.toBeInstanceOf(Unauthenticated);
    const { events } = await itemsOf(claims.sub);
    expect(events).toHaveLength(1);
  });
});
