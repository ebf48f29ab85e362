/**
 * `npm run bench`: synth time and bundle sizes, cold starts in fresh processes, warm
 * latency through the local runtime, in process and raw, at two table sizes, and DynamoDB
 * capacity per route; printed as tables and written to bench/results/latest.json.
 *
 * This process only supervises: the measuring runs in a child (measure.ts), so that if the
 * child dies where no exit handler runs (Node 20's intermittent V8 "unreachable code"
 * abort, seen under sustained load in the process hosting the local runtime), DynamoDB
 * Local is still stopped, the scratch folder removed, and the run started over. It must
 * never kill a process it did not start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './options.js';

const ROLE = 'OWNSTACK_BENCH_SCRATCH';
/** Node 20's V8 crash is intermittent: a run is tried up to this many times. */
const ATTEMPTS = 3;

if (process.env[ROLE]) {
  const { measure } = await import('./measure.js');
  try {
    await measure(parseOptions(process.argv.slice(2)), process.env[ROLE], Number(process.env[`${ROLE}_ATTEMPT`] ?? 1));
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  }
} else {
  parseOptions(process.argv.slice(2)); // fail on a bad flag before starting anything
  // Ctrl-C reaches the child too (same process group); the child stops its own work.
  process.on('SIGINT', () => undefined);
  let exitCode = 1;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { code, signal } = await measureInChild(attempt);
    exitCode = code ?? 1;
    // A crash by signal (V8's abort is SIGTRAP) is the runtime's, not a failed measurement: try again.
    if (!signal || signal === 'SIGINT' || signal === 'SIGTERM' || attempt === ATTEMPTS) break;
    console.error(`Starting over (attempt ${attempt + 1} of ${ATTEMPTS}).\n`);
  }
  // The flag engine's figures: in process, no database; in a process of their own, as alone (npm run bench:flags).
  if (exitCode === 0) {
    const flags = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('./flags.ts', import.meta.url))], { stdio: 'inherit' });
    exitCode = await new Promise<number>((resolve) => flags.once('exit', (code) => resolve(code ?? 1)));
  }
  process.exitCode = exitCode;
}

async function measureInChild(attempt: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const scratch = mkdtempSync(join(tmpdir(), 'ownstack-bench-'));
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [ROLE]: scratch, [`${ROLE}_ATTEMPT`]: String(attempt) },
  });
  const forward = () => child.kill('SIGTERM');
  process.on('SIGTERM', forward);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  process.off('SIGTERM', forward);
  if (signal || (code !== 0 && code !== 1 && code !== 130)) {
    console.error(`\nThe measuring process died (${signal ?? `exit code ${code}`}); no figures were written. Stopping what it left running.`);
  }
  reapDynamoDbLocal(join(scratch, 'data', 'dynamodb.pid'));
  rmSync(scratch, { recursive: true, force: true });
  return { code, signal };
}

/** Stops the DynamoDB Local the child started, if it is still running (its pid file is only removed by a clean stop). */
function reapDynamoDbLocal(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    // Only if that pid is still DynamoDB Local: pids get reused.
    if (Number.isInteger(pid) && pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal')) {
      process.kill(pid, 'SIGKILL');
      console.error(`Stopped DynamoDB Local (pid ${pid}) that the measuring process left behind.`);
    }
  } catch {
    // Already gone, or no /proc: nothing we can safely kill.
  }
}
