/** The audit range rules: defaults, whole days, the 13-month bound, and the month partitions walked. */
import { describe, expect, it } from 'vitest';
import { auditEntryFrom, auditRange, monthsBetween } from '../../../functions/audit/domain.js';
import { actorOf } from '../../../functions/events/domain.js';
import { parseQueueMessage } from '../../../functions/jobs/messages.js';
import { InvalidInput } from '../../../functions/platform/errors.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');

describe('auditRange', () => {
  it('defaults to the 30 days before now', () => {
    expect(auditRange({}, NOW)).toEqual({ from: '2026-10-25T10:00:00.000Z', to: '2026-11-24T10:00:00.000Z' });
  });

  it('reads a bare date as the whole day in UTC', () => {
    expect(auditRange({ from: '2026-01-01', to: '2026-01-31' }, NOW)).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:59:59.999Z' });
  });

  it('accepts 13 months and refuses 14, and an inverted range', () => {
    expect(() => auditRange({ from: '2025-11-01', to: '2026-11-30' }, NOW)).not.toThrow();
    expect(() => auditRange({ from: '2025-10-31', to: '2026-11-30' }, NOW)).toThrow(InvalidInput);
    expect(() => auditRange({ from: '2026-11-02', to: '2026-11-01' }, NOW)).toThrow(InvalidInput);
  });
});

describe('monthsBetween', () => {
  it('lists the month partitions newest first, across a year boundary', () => {
    expect(monthsBetween('2025-11-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(monthsBetween('2026-11-01T00:00:00.000Z', '2026-11-30T00:00:00.000Z')).toEqual(['2026-11']);
  });
});

describe('audit entries', () => {
  it('say who, how (which API key), from where, and about what', () => {
    const actor = actorOf({ userId: 'u1', via: 'apiKey', apiKeyId: 'K1' }, { sourceIp: '203.0.113.9', userAgent: 'curl/8.5' });
    const entry = auditEntryFrom({
      id: 'E1',
      type: 'identity.group.created',
      version: 1,
      occurredAt: '2026-11-24T10:00:00.000Z',
      actor,
      subject: { kind: 'group', id: 'G1' },
      data: { name: 'Support' },
    });
    expect(entry).toEqual({
      eventId: 'E1',
      action: 'identity.group.created',
      occurredAt: '2026-11-24T10:00:00.000Z',
      actor: { userId: 'u1', via: 'apiKey', apiKeyId: 'K1', ip: '203.0.113.9', userAgent: 'curl/8.5' },
      subject: { kind: 'group', id: 'G1' },
      detail: { name: 'Support' },
    });
  });

  it('name no key for a session', () => {
    expect(actorOf({ userId: 'u1', via: 'session', apiKeyId: 'K1' }, { sourceIp: '1.2.3.4', userAgent: 'x' })).toEqual({
      userId: 'u1',
      via: 'session',
      ip: '1.2.3.4',
      userAgent: 'x',
    });
  });
});

describe('the way to the worker', () => {
  it('keeps the API key id of an event through the queue message', () => {
    const detail = {
      id: 'E1',
      type: 'identity.group.created',
      version: 1,
      occurredAt: '2026-11-24T10:00:00.000Z',
      actor: { userId: 'u1', via: 'apiKey', apiKeyId: 'K1', ip: '203.0.113.9', userAgent: 'curl/8.5' },
      subject: { kind: 'group', id: 'G1' },
      data: {},
    };
    const message = parseQueueMessage(JSON.stringify({ id: 'x', source: 'ownstack', 'detail-type': detail.type, detail }));
    expect(message).toMatchObject({ kind: 'event', event: { actor: { via: 'apiKey', apiKeyId: 'K1' } } });
  });
});
