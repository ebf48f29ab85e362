import { describe, expect, it } from 'vitest';
import { fingerprintOf, idempotencyOf, idempotencyPut } from '../../../functions/platform/idempotency.js';
import { etagOf, expectedVersion } from '../../../functions/platform/preconditions.js';
import type { RouteInput } from '../../../functions/platform/route.js';
import { fixedClock } from '../builders.js';

const inputWith = (headers: Record<string, string>, body: unknown) =>
  ({ params: { projectId: 'P1' }, body, request: { headers }, principal: { userId: 'u1' } }) as unknown as RouteInput<unknown, unknown, unknown, boolean>;

describe('idempotency', () => {
  it('hashes the same request alike whatever the key order, and another request differently', () => {
    expect(fingerprintOf({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(fingerprintOf({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
    expect(fingerprintOf({ list: [1, 2] })).not.toBe(fingerprintOf({ list: [2, 1] }));
  });

  it('reads the key per user and operation, and refuses a malformed one', () => {
    expect(idempotencyOf(inputWith({}, {}), 'createProject')).toBeUndefined();
    const request = idempotencyOf(inputWith({ 'idempotency-key': 'abc_DEF-1' }, { name: 'x' }), 'createProject');
    expect(request).toMatchObject({ userId: 'u1', operation: 'createProject', key: 'abc_DEF-1' });
    expect(request?.fingerprint).toBe(fingerprintOf({ params: { projectId: 'P1' }, body: { name: 'x' } }));
    for (const bad of ['', 'has space', 'x'.repeat(65), 'ü']) {
      expect(() => idempotencyOf(inputWith({ 'idempotency-key': bad }, {}), 'createProject'), bad).toThrow(/Idempotency-Key/);
    }
  });

  it('records the answer for 24 hours, on the condition that no live record exists', () => {
    const request = { userId: 'u1', operation: 'op', key: 'k', fingerprint: 'f' };
    const [put] = idempotencyPut({ tableName: 't', clock: fixedClock('2026-11-24T00:00:00.000Z') }, request, 201, { id: 'x' });
    expect(put?.Put.Item).toMatchObject({ pk: 'IDEMP#u1#op#k', sk: 'IDEMP', status: 201, response: { id: 'x' }, expiresAt: 1795478400 + 86400 });
    expect(put?.Put.ConditionExpression).toBe('attribute_not_exists(pk) OR expiresAt <= :now');
    expect(idempotencyPut({ tableName: 't', clock: fixedClock() }, undefined, 201, {})).toEqual([]);
  });
});

describe('If-Match', () => {
  it('reads the version from an ETag, weak or bare; asks for one when missing; refuses garbage', () => {
    expect(etagOf(3)).toBe('"3"');
    for (const value of ['"3"', 'W/"3"', '3']) expect(expectedVersion({ headers: { 'if-match': value } })).toBe(3);
    expect(() => expectedVersion({ headers: {} })).toThrow(expect.objectContaining({ kind: 'precondition-required' }));
    expect(() => expectedVersion({ headers: { 'if-match': '*' } })).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});
