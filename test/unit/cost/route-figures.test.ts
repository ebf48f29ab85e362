import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESTIMATED_API_LOG_BYTES, readBenchFigures, routeFigures } from '../../../bench/cost/route-figures.js';

const dir = mkdtempSync(join(tmpdir(), 'ownstack-cost-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('route figures', () => {
  it('uses what the bench measured (largest table) and estimates the rest from its measured round trip', () => {
    const file = join(dir, 'latest.json');
    const latency = (route: string, inProcess: number, raw: number) => ({ route, modes: { 'in-process': { median: inProcess }, raw: { median: raw } } });
    writeFileSync(
      file,
      JSON.stringify({
        command: 'npm run bench',
        startedAt: '2026-11-24T05:00:00Z',
        scales: [
          { users: 1000, latency: [latency('GET /api/me', 9, 9)], capacity: [] },
          {
            users: 100000,
            latency: [latency('GET /api/me', 3, 2)],
            capacity: [
              { route: 'GET /api/me', readUnits: 1, writeUnits: 0, logBytes: 900 },
              { route: 'GET /api/documents/{documentId}', readUnits: 2, writeUnits: 0 },
            ],
          },
        ],
      }),
    );
    const figures = routeFigures(readBenchFigures(file));
    expect(figures.get('GET /api/me')).toMatchObject({
      handlerMs: 3,
      rawMs: 2,
      readUnits: 1,
      // What the function wrote, plus the platform records and the access log line the bench cannot see.
      logBytes: 900 + ESTIMATED_API_LOG_BYTES.platform + ESTIMATED_API_LOG_BYTES.accessLog,
      sources: { latency: 'bench', units: 'bench', logs: 'bench' },
    });
    // Three round trips of /api/me's 2 ms, plus its 1 ms of handler overhead; units from the bench.
    expect(figures.get('GET /api/documents/{documentId}')).toMatchObject({
      rawMs: 6,
      handlerMs: 7,
      readUnits: 2,
      sources: { latency: 'estimate', units: 'bench', logs: 'estimate' },
    });
    expect(figures.get('PUT /api/documents/{documentId}')?.sources.units).toBe('estimate');
  });

  it('estimates everything, and says so, when there is no bench JSON', () => {
    expect(readBenchFigures(join(dir, 'missing.json'))).toBeUndefined();
    const figures = routeFigures(undefined);
    for (const f of figures.values()) expect(f.sources).toEqual({ latency: 'estimate', units: 'estimate', logs: 'estimate' });
    expect(figures.get('PUT /api/documents/{documentId}')?.events).toBe(1);
  });
});
