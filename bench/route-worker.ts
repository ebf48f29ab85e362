/**
 * Times one route in a node process of its own: used for the write routes. Node 20's V8
 * crash (see docs/performance.md) struck every quick run once creates and edits were timed
 * in a process that had been serving requests for a while, in the runtime's process and in
 * the bench's alike; in a process of its own the route is retried from the start if it
 * dies, and the figures of the other routes are kept.
 *
 * The worker builds the same routes (routes-under-test.ts) from what the bench sends: the
 * runtime's URL and token, the handler's environment (loaded with the runtime's own
 * loader), the table and the layout of the seeded documents.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type HandlerEnvironment, loadHandlers } from '../functions/local/handlers.js';
import { createDocumentClient } from '../functions/platform/dynamo.js';
import { keepAliveClient } from './http-client.js';
import { type RouteLatency, sampleRoute } from './latency.js';
import { type ApiHandler, type RouteContext, routesUnderTest } from './routes-under-test.js';

const ROLE = 'OWNSTACK_BENCH_ROUTE_WORKER';

export interface RouteWork {
  route: string;
  counts: { warmup: number; samples: number };
  runtimeUrl: string;
  token: string;
  handlerEnvironment: HandlerEnvironment;
  context: Omit<RouteContext, 'http' | 'token' | 'handler' | 'db'> & { dynamoEndpoint: string };
}

type FromWorker = { kind: 'result'; latency: RouteLatency } | { kind: 'failed'; message: string };

/** Times `work.route` in a fresh process; starts over (up to `attempts` times) when the process dies by a signal. */
export async function sampleInWorker(work: RouteWork, options: { attempts: number; onRetry: (attempt: number, why: string) => void }): Promise<RouteLatency> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await runWorker(work);
    if ('latency' in outcome) return outcome.latency;
    if (!outcome.crashed || attempt >= options.attempts) throw new Error(`Timing ${work.route} in its own process failed: ${outcome.why}`);
    options.onRetry(attempt, outcome.why);
  }
}

function runWorker(work: RouteWork): Promise<{ latency: RouteLatency } | { crashed: boolean; why: string }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [ROLE]: JSON.stringify(work) },
  });
  child.on('error', () => undefined);
  return new Promise((resolve) => {
    let answer: FromWorker | undefined;
    child.on('message', (message: FromWorker) => {
      answer = message;
    });
    child.once('exit', (code, signal) => {
      if (answer?.kind === 'result') resolve({ latency: answer.latency });
      else if (answer?.kind === 'failed') resolve({ crashed: false, why: answer.message });
      else resolve({ crashed: signal !== null, why: `the process exited (${signal ?? `code ${code}`})` });
    });
  });
}

async function serve(parent: NodeJS.Process & { send: NonNullable<ChildProcess['send']> }, work: RouteWork) {
  const http = keepAliveClient(work.runtimeUrl);
  const db = createDocumentClient({ DYNAMODB_ENDPOINT: work.context.dynamoEndpoint });
  try {
    const { api } = await loadHandlers(work.handlerEnvironment);
    const { dynamoEndpoint: _, ...context } = work.context;
    const route = routesUnderTest({ ...context, http, token: work.token, handler: api as unknown as ApiHandler, db }).find((r) => r.route === work.route);
    if (!route) throw new Error(`No route ${work.route} under test.`);
    const latency = await sampleRoute(route, work.counts);
    await new Promise<void>((resolve) => parent.send({ kind: 'result', latency } satisfies FromWorker, () => resolve()));
  } catch (error) {
    await new Promise<void>((resolve) =>
      parent.send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWorker, () => resolve()),
    );
  } finally {
    http.close();
    db.destroy();
    // The handlers' SDK clients and timers would keep the process alive.
    process.exit(0);
  }
}

const role = process.env[ROLE];
if (role && process.send) await serve(process as NodeJS.Process & { send: NonNullable<ChildProcess['send']> }, JSON.parse(role) as RouteWork);
