/**
 * Sequential latency sampling. The ways of serving one route (over HTTP through the local
 * runtime, the handler in process, the raw DynamoDB calls) are sampled in interleaved
 * rounds with a rotating order, so drift (JIT, GC, DynamoDB Local warming up) falls on all
 * of them alike and their ratio stays fair.
 */
import { type Summary, summarize } from './stats.js';

export type Mode = 'http' | 'in-process' | 'raw';

export interface TimedCall {
  mode: Mode;
  /** Does one request; throws if the answer is not a success. */
  call: () => Promise<void>;
}

export interface RouteUnderTest {
  route: string;
  calls: TimedCall[];
  /** The route changes the table: the JIT warm-up before the first table size leaves it out. */
  writes?: boolean;
  /** Untimed housekeeping after every call (a write route keeps the table as the next call needs it). */
  after?: () => Promise<void>;
  /** Untimed, before a round of warm-up or sampling (a write route reads the state it starts from). */
  prepare?: () => Promise<void>;
}

export interface RouteLatency {
  route: string;
  modes: Partial<Record<Mode, Summary>>;
}

/** Untimed rounds of every way of serving the route (JIT of node and of DynamoDB Local's JVM). */
export async function warmUp(route: RouteUnderTest, rounds: number): Promise<void> {
  await route.prepare?.();
  for (let i = 0; i < rounds; i++) {
    for (const { call } of route.calls) {
      await call();
      await route.after?.();
    }
  }
}

export async function sampleRoute(route: RouteUnderTest, counts: { warmup: number; samples: number }): Promise<RouteLatency> {
  const { calls } = route;
  await warmUp(route, counts.warmup);
  await route.prepare?.();
  const samples = new Map<Mode, number[]>(calls.map((c) => [c.mode, []]));
  for (let round = 0; round < counts.samples; round++) {
    for (let k = 0; k < calls.length; k++) {
      const timed = calls[(round + k) % calls.length] as TimedCall;
      const started = performance.now();
      await timed.call();
      samples.get(timed.mode)?.push(performance.now() - started);
      await route.after?.();
    }
  }
  return { route: route.route, modes: Object.fromEntries([...samples].map(([mode, values]) => [mode, summarize(values)])) };
}
