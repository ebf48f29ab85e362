/** CSV and JSON lines of audit entries: RFC 4180 quoting and formula neutralization. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/audit/domain.js';
import { CSV_COLUMNS, csvCell, entriesWithin, toCsv, toJsonLines } from '../../../functions/audit/export.js';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  eventId: 'E1',
  action: 'identity.group.renamed',
  occurredAt: '2026-11-24T10:00:00.000Z',
  actor: { userId: 'u1', via: 'apiKey', apiKeyId: 'K1', ip: '203.0.113.9', userAgent: 'curl/8.5' },
  subject: { kind: 'group', id: 'G1' },
  correlationId: 'c1',
  detail: { from: 'a', to: 'b' },
  ...overrides,
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tindented', "'\tindented"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['', ''],
  ])('writes %j as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('writes the header once, CRLF line ends, and every column of an entry', () => {
    const csv = toCsv([entry()], true);
    expect(csv).toBe(
      `${CSV_COLUMNS.join(',')}\r\n2026-11-24T10:00:00.000Z,E1,identity.group.renamed,u1,apiKey,K1,203.0.113.9,curl/8.5,group,G1,c1,"{""from"":""a"",""to"":""b""}"\r\n`,
    );
    expect(toCsv([entry()], false).startsWith('2026-')).toBe(true);
    expect(toCsv([], false)).toBe('');
  });

  it('leaves optional columns empty for a system actor', () => {
    const row = toCsv([entry({ actor: { userId: 'system', via: 'system' }, correlationId: undefined, detail: {} })], false);
    expect(row).toBe('2026-11-24T10:00:00.000Z,E1,identity.group.renamed,system,system,,,,group,G1,,{}\r\n');
  });
});

describe('toJsonLines', () => {
  it('writes one API-shaped item per line', () => {
    const lines = toJsonLines([entry(), entry({ eventId: 'E2' })]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      id: 'E1',
      type: 'identity.group.renamed',
      occurredAt: '2026-11-24T10:00:00.000Z',
      actor: { userId: 'u1', via: 'apiKey', apiKeyId: 'K1', ip: '203.0.113.9', userAgent: 'curl/8.5' },
      subject: { kind: 'group', id: 'G1' },
      correlationId: 'c1',
      detail: { from: 'a', to: 'b' },
    });
  });
});

describe('entriesWithin', () => {
  const many = Array.from({ length: 10 }, (_, i) => entry({ eventId: `E${i}`, detail: { blob: 'x'.repeat(1000) } }));

  it('counts the leading entries whose output fits the byte budget, header included', () => {
    const one = Buffer.byteLength(toCsv([many[0] as AuditEntry], false));
    const header = Buffer.byteLength(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(entriesWithin(many, 'csv', true, header + 3 * one)).toBe(3);
    expect(entriesWithin(many, 'csv', false, 3 * one)).toBe(3);
    expect(entriesWithin(many, 'csv', true, header + 3 * one - 1)).toBe(2);
    expect(entriesWithin(many, 'jsonl', false, 1_000_000)).toBe(10);
  });

  it('always lets one entry through, so an export moves forward', () => {
    expect(entriesWithin(many, 'jsonl', false, 10)).toBe(1);
  });
});
