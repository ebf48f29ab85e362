import { describe, expect, it } from 'vitest';
import { checkPostPolicy } from '../../../functions/local/post-policy.js';

const now = new Date('2026-11-24T06:00:00Z');
const policy = (conditions: unknown[], expiration = '2026-11-24T06:05:00Z') => JSON.stringify({ expiration, conditions });
const fields = (extra: Record<string, string> = {}) => new Map(Object.entries({ bucket: 'b', key: 'attachments/D/A', 'content-type': 'text/plain', ...extra }));
const base = [{ bucket: 'b' }, { key: 'attachments/D/A' }, ['eq', '$Content-Type', 'text/plain'], ['content-length-range', 5, 5]];

describe('S3 POST policy rules (local S3 stand-in)', () => {
  it('accepts a form that meets every condition', () => {
    expect(checkPostPolicy(policy(base), fields(), 5, now)).toEqual({ ok: true });
  });

  it('refuses an expired policy', () => {
    expect(checkPostPolicy(policy(base, '2026-11-24T05:59:59Z'), fields(), 5, now)).toMatchObject({ ok: false, message: expect.stringContaining('expired') });
  });

  it('refuses a file outside content-length-range, with S3’s error codes', () => {
    expect(checkPostPolicy(policy(base), fields(), 6, now)).toMatchObject({ ok: false, code: 'EntityTooLarge' });
    expect(checkPostPolicy(policy(base), fields(), 4, now)).toMatchObject({ ok: false, code: 'EntityTooSmall' });
  });

  it('refuses a field that differs from its condition, or that no condition allows', () => {
    expect(checkPostPolicy(policy(base), fields({ key: 'attachments/D/B' }), 5, now)).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(checkPostPolicy(policy(base), fields({ 'content-type': 'text/html' }), 5, now)).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(checkPostPolicy(policy(base), fields({ acl: 'public-read' }), 5, now)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Extra input fields: acl'),
    });
  });

  it('lets x-ignore- fields through and applies starts-with', () => {
    const startsWith = [{ bucket: 'b' }, ['starts-with', '$key', 'attachments/'], ['eq', '$Content-Type', 'text/plain']];
    expect(checkPostPolicy(policy(startsWith), fields({ 'x-ignore-note': 'n' }), 5, now)).toEqual({ ok: true });
    expect(checkPostPolicy(policy(startsWith), fields({ key: 'exports/x.zip' }), 5, now)).toMatchObject({ ok: false });
  });

  it('refuses a malformed policy', () => {
    expect(checkPostPolicy('not json', fields(), 5, now)).toMatchObject({ ok: false });
    expect(checkPostPolicy(JSON.stringify({ conditions: [] }), fields(), 5, now)).toMatchObject({ ok: false });
    expect(checkPostPolicy(policy([...base, ['like', '$key', 'x']]), fields(), 5, now)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Invalid Condition'),
    });
  });
});
