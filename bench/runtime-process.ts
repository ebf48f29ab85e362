/**
 * The local runtime in a node process of its own, so the bench's client side (HTTP client,
 * in-process handler, raw SDK calls) and the server it times do not share one V8 isolate.
 * Sharing one made Node 20's intermittent V8 crash (see run.ts) come in most runs once the
 * documents routes were timed; apart, the server process is also what `npm start` runs.
 *
 * The parent talks to the child over IPC: the child answers `started` with the runtime's
 * URL, a token for the owner and its AWS stand-ins' settings, answers `idle` once its job
 * queue is idle, and stops the runtime on `stop` (or when the parent goes away).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LocalRuntime } from '../functions/local/runtime.js';

const ROLE = 'OWNSTACK_BENCH_RUNTIME';

interface RuntimeOptions {
  /** Wiped first when `fresh`; a restart keeps it (signing keys, so tokens stay valid; stream checkpoints). */
  dataDir: string;
  fresh: boolean;
  dynamoEndpoint: string;
  tableName: string;
  ownerEmail: string;
}

type FromChild = { kind: 'started'; url: string; token: string; aws: LocalRuntime['aws'] } | { kind: 'idle' } | { kind: 'failed'; message: string };

export interface RuntimeProcess {
  url: string;
  token: string;
  aws: LocalRuntime['aws'];
  pid: number;
  /** False once the process has exited (e.g. Node 20's V8 crash). */
  alive(): boolean;
  /** True if the process has exited, or exits within `ms` (a request may fail just before its exit is reported). */
  diedWithin(ms: number): Promise<boolean>;
  /** Resolves once the runtime's job queue has nothing waiting or in flight. */
  queueIdle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRuntimeProcess(options: RuntimeOptions): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [ROLE]: JSON.stringify(options) },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A send to a process that just died fails with EPIPE: the exit is what matters, and is handled.
  child.on('error', () => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const next = (kind: FromChild['kind']) =>
    new Promise<FromChild>((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        if (message.kind !== kind && message.kind !== 'failed') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (message.kind === 'failed') reject(new Error(`The local runtime's process failed: ${message.message}`));
        else resolve(message);
      };
      const onExit = (code: number | null, signal: string | null) => {
        child.off('message', onMessage);
        reject(new Error(`The local runtime's process exited (${signal ?? `code ${code}`}).`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const started = next('started');
  let first: FromChild;
  try {
    first = await started;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (first.kind !== 'started') throw new Error('unreachable');
  return {
    url: first.url,
    token: first.token,
    aws: first.aws,
    pid: child.pid ?? 0,
    alive,
    diedWithin: (ms) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(!alive()), ms))]),
    async queueIdle() {
      const idle = next('idle');
      child.send({ kind: 'idle' });
      await idle;
    },
    async stop() {
      if (!alive()) return;
      if (child.connected) child.send({ kind: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function serve(child: NodeJS.Process & { send: NonNullable<ChildProcess['send']> }, options: RuntimeOptions) {
  const { startLocalRuntime } = await import('../functions/local/runtime.js');
  let runtime: LocalRuntime | undefined;
  const stop = async () => {
    await runtime?.stop();
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    runtime = await startLocalRuntime({
      port: 0,
      dataDir: options.dataDir,
      fresh: options.fresh,
      quiet: true,
      dynamoEndpoint: options.dynamoEndpoint,
      tableName: options.tableName,
    });
    const token = await runtime.tokenFor(options.ownerEmail);
    child.send({ kind: 'started', url: runtime.url, token, aws: runtime.aws } satisfies FromChild);
  } catch (error) {
    child.send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromChild);
    await stop();
    return;
  }
  process.on('message', (message: { kind?: string }) => {
    if (message.kind === 'stop') void stop();
    if (message.kind === 'idle') void runtime?.queueIdle().then(() => child.send({ kind: 'idle' } satisfies FromChild));
  });
}

const role = process.env[ROLE];
if (role && process.send) await serve(process as NodeJS.Process & { send: NonNullable<ChildProcess['send']> }, JSON.parse(role) as RuntimeOptions);
