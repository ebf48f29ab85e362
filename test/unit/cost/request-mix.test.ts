import { describe, expect, it } from 'vitest';
import { sampledTraces } from '../../../bench/cost/customers.js';
import { costPerMillion, documentMix, readsOf, total, usagePerRequest } from '../../../bench/cost/request-mix.js';
import type { RouteFigures } from '../../../bench/cost/route-figures.js';

const GB = 1024 ** 3;
const functions = new Map([
  ['api', { memoryMb: 1024, architecture: 'arm64' as const }],
  ['outboxPublisher', { memoryMb: 256, architecture: 'arm64' as const }],
  ['jobWorker', { memoryMb: 512, architecture: 'arm64' as const }],
]);

const route = (overrides: Partial<RouteFigures>): RouteFigures => ({
  route: 'GET /x',
  handlerMs: 2.2,
  rawMs: 1.5,
  readUnits: 1,
  writeUnits: 0,
  logBytes: GB / 1e6,
  requestBytes: 0,
  responseBytes: 0,
  events: 0,
  sources: { latency: 'bench', units: 'bench', logs: 'bench' },
  basis: 'test',
  ...overrides,
});

describe('cost per million requests', () => {
  it('prices a read route line by line, and its floor without handler overhead or logs', () => {
    const figures = new Map([['GET /x', route({})]]);
    const cost = costPerMillion([{ route: 'GET /x', share: 1 }], figures, functions, false);
    expect(cost.CloudFront).toBeCloseTo(1.0, 9);
    expect(cost['API Gateway']).toBeCloseTo(1.0, 9);
    expect(cost['Lambda requests']).toBeCloseTo(0.2, 9);
    // 2.2 ms is billed as 3 ms, at 1 GB and $0.0000133334 per GB-second.
    expect(cost['Lambda GB-seconds']).toBeCloseTo(1e6 * 0.003 * 0.0000133334, 9);
    expect(cost['DynamoDB reads']).toBeCloseTo(0.125, 9);
    expect(cost['CloudWatch Logs']).toBeCloseTo(0.5, 9);
    expect(cost['X-Ray traces']).toBeCloseTo(0.25, 9);
    expect(total(cost)).toBeCloseTo(3.1150002, 6);

    const floor = costPerMillion([{ route: 'GET /x', share: 1 }], figures, functions, true);
    expect(floor['Lambda GB-seconds']).toBeCloseTo(1e6 * 0.002 * 0.0000133334, 9);
    expect(floor['CloudWatch Logs']).toBe(0);
    expect(total(floor)).toBeCloseTo(2.6016668, 6);
  });

  it('prices the asynchronous fan-out of a write: two functions, the event, the queue, the audit write', () => {
    const figures = new Map([['PUT /x', route({ route: 'PUT /x', readUnits: 0, writeUnits: 4, logBytes: 0, events: 1 })]]);
    const cost = costPerMillion([{ route: 'PUT /x', share: 1 }], figures, functions, false);
    expect(cost['DynamoDB writes']).toBeCloseTo((4 + 1) * 0.625, 9);
    expect(cost['Lambda requests']).toBeCloseTo(3 * 0.2, 9);
    expect(cost.EventBridge).toBeCloseTo(1.0 + (1e6 * 1024 * 0.1) / GB, 9);
    expect(cost.SQS).toBeCloseTo(3 * 0.4, 9);
    expect(cost['X-Ray traces']).toBeCloseTo(3 * 0.25, 9);
    // api 3 ms at 1 GB, publisher 25 ms at 0.25 GB, worker 15 ms at 0.5 GB.
    expect(cost['Lambda GB-seconds']).toBeCloseTo(1e6 * (0.003 + 0.025 * 0.25 + 0.015 * 0.5) * 0.0000133334, 9);
  });

  it('weighs routes by their share and refuses a mix that does not add up to one', () => {
    const figures = new Map([
      ['GET /a', route({ route: 'GET /a', readUnits: 1 })],
      ['GET /b', route({ route: 'GET /b', readUnits: 3 })],
    ]);
    const u = usagePerRequest(
      [
        { route: 'GET /a', share: 0.75 },
        { route: 'GET /b', share: 0.25 },
      ],
      figures,
      functions,
      false,
    );
    expect(u.readUnits).toBeCloseTo(1.5, 12);
    expect(() => usagePerRequest([{ route: 'GET /a', share: 0.5 }], figures, functions, false)).toThrow(/add up to 0.5/);
    expect(() => usagePerRequest([{ route: 'GET /c', share: 1 }], figures, functions, false)).toThrow(/No figures for GET \/c/);
  });

  it('keeps the documented mix at 100% and its read part renormalized', () => {
    expect(documentMix.reduce((s, m) => s + m.share, 0)).toBeCloseTo(1, 12);
    const reads = readsOf(documentMix);
    expect(reads.map((r) => r.route).every((r) => r.startsWith('GET '))).toBe(true);
    expect(reads.reduce((s, m) => s + m.share, 0)).toBeCloseTo(1, 12);
  });
});

describe('X-Ray sampling', () => {
  it('records every invocation within the one-a-second reservoir, then 5% of the rest', () => {
    expect(sampledTraces(1000, 3600)).toBe(1000);
    expect(sampledTraces(10_000, 3600)).toBeCloseTo(3600 + 0.05 * 6400, 9);
  });
});
