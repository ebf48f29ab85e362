/**
 * `Idempotency-Key` for creates: a client that retries a request (a timeout, a double
 * click) gets the first answer again instead of a second object. The record
 * `IDEMP#<userId>#<operation>#<key>` holds a hash of the request and the response; its
 * conditional Put goes into the create's own transaction, so the object exists if and
 * only if the record does. Records expire after 24 hours (TTL).
 *
 *   const idem = idempotencyOf(input, 'createProject');
 *   const replay = await findReplay(services, idem);            // before the work
 *   if (replay) return replay;
 *   ... writeAtomically(db, [...items, ...idempotencyPut(services, idem, 201, body)], onFail)
 *   ... on a failed record condition: return replayAfterRace(services, idem)
 */
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Services } from '../services.js';
import { Conflict, InvalidInput } from './errors.js';
import { Reply, type RouteInput } from './route.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY = /^[A-Za-z0-9_-]{1,64}$/;
const RETENTION_SECONDS = 24 * 3600;

export interface IdempotentRequest {
  userId: string;
  operation: string;
  key: string;
  /** SHA-256 of the request's path parameters and validated body. */
  fingerprint: string;
}

export const idempotencyKeys = {
  record: (r: Pick<IdempotentRequest, 'userId' | 'operation' | 'key'>) => ({ pk: `IDEMP#${r.userId}#${r.operation}#${r.key}`, sk: 'IDEMP' }),
};

/** Thrown by a store when the record's condition failed: a duplicate of this request won the race. */
export class DuplicateRequest extends Error {
  constructor() {
    super('A request with the same Idempotency-Key was written first.');
  }
}

/** A stable hash of a JSON value: object keys sorted, so `{a,b}` and `{b,a}` hash alike. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value ?? null)))
    .digest('hex');
}

/** The idempotency of this request, or undefined when the client sent no key. Refuses a malformed key. */
export function idempotencyOf(input: RouteInput<unknown, unknown, unknown, boolean>, operation: string): IdempotentRequest | undefined {
  const key = input.request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new InvalidInput('Idempotency-Key must be 1 to 64 letters, digits, dashes or underscores.');
  if (!input.principal) throw new Error('Idempotency needs a caller: keys are per user.');
  return { userId: input.principal.userId, operation, key, fingerprint: fingerprintOf({ params: input.params, body: input.body }) };
}

type StoredRecord = { fingerprint: string; status: number; response: unknown; expiresAt: number };

/** The stored answer to this request, replayed; undefined when it has not run yet. Same key with another request: Conflict. */
export async function findReplay<T>(
  services: Pick<Services, 'db' | 'tableName' | 'clock'>,
  request: IdempotentRequest | undefined,
): Promise<Reply<T> | undefined> {
  if (!request) return undefined;
  const { Item } = await services.db.send(new GetCommand({ TableName: services.tableName, Key: idempotencyKeys.record(request), ConsistentRead: true }));
  const record = Item as StoredRecord | undefined;
  // TTL deletes lazily: an expired record is gone as far as clients can tell.
  if (!record || record.expiresAt <= Math.floor(services.clock.now().getTime() / 1000)) return undefined;
  if (record.fingerprint !== request.fingerprint) {
    throw new Conflict('This Idempotency-Key was already used for a different request; use a new key for a new request.', {
      idempotencyKey: request.key,
    });
  }
  return new Reply(record.response as T, record.status, { [REPLAYED_HEADER]: 'true' });
}

/** After a racing duplicate won: its record is there now (the transaction that wrote it committed). */
export async function replayAfterRace<T>(services: Pick<Services, 'db' | 'tableName' | 'clock'>, request: IdempotentRequest): Promise<Reply<T>> {
  const replay = await findReplay<T>(services, request);
  if (!replay) throw new Conflict('A request with this Idempotency-Key is still being processed; retry in a moment.');
  return replay;
}

/** The transaction element that records the answer; [] without a key, so callers can always spread it. */
export function idempotencyPut(services: Pick<Services, 'tableName' | 'clock'>, request: IdempotentRequest | undefined, status: number, response: unknown) {
  if (!request) return [];
  const now = services.clock.now();
  return [
    {
      Put: {
        TableName: services.tableName,
        Item: {
          ...idempotencyKeys.record(request),
          entity: 'IdempotencyRecord',
          schemaVersion: 1,
          operation: request.operation,
          fingerprint: request.fingerprint,
          status,
          response,
          createdAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      },
    },
  ];
}
