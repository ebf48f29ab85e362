/**
 * Starts the real DynamoDB Local (the jar that `amplify-dynamodb-simulator` ships) as a
 * child process and stops it. Used by the local runtime and by the integration tests'
 * global setup. It must never leave a java process behind: the child is killed when this
 * process exits, and a pid file lets the next start kill one left by a crash.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './free-port.js';

export interface DynamoDbLocalOptions {
  /** Directory of the database file; omit to keep everything in memory. @default in memory */
  dbPath?: string;
  /** Port to listen on (loopback). @default a free port */
  port?: number;
  /** File recording the java pid, so a start after a crash can stop the leftover. @default none */
  pidFile?: string;
  /** How long to wait for the first answer. @default 30 000 ms */
  startTimeoutMs?: number;
  /** Receives each line DynamoDB Local prints. @default discarded */
  onOutput?: (line: string) => void;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** DynamoDB Local accepts any credentials; these are placeholders, not secrets. */
export const dynamoDbLocalCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Where the jar and its native libraries live inside the npm package. */
export function emulatorDirectory(): string {
  const packageMain = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator');
  const dir = join(dirname(packageMain), 'emulator');
  if (!existsSync(join(dir, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDBLocal.jar is missing from ${dir}. Reinstall the dev dependencies (npm install).`);
  }
  return dir;
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const emulator = emulatorDirectory();
  const port = options.port ?? (await freePort());
  if (options.pidFile) killLeftover(options.pidFile);
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });

  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      '-jar',
      'DynamoDBLocal.jar',
      '-sharedDb',
      ...storage,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { cwd: emulator, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } },
  );
  const output: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      if (output.length < 50) output.push(line);
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onLine);
  child.stderr?.on('data', onLine);

  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;

  try {
    await waitUntilAnswering(child, endpoint, options.startTimeoutMs ?? 30_000, output);
  } catch (error) {
    process.off('exit', killOnExit);
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid ?? -1;
  if (options.pidFile) writeFileSync(options.pidFile, String(pid));

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (options.pidFile) rmSync(options.pidFile, { force: true });
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

async function waitUntilAnswering(child: ChildProcess, endpoint: string, timeoutMs: number, output: string[]): Promise<void> {
  let exited: string | undefined;
  child.once('error', (error) => {
    exited =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'java was not found on the PATH. DynamoDB Local needs Java 17 or later: install a JDK/JRE and retry.'
        : `java could not start: ${error.message}`;
  });
  child.once('exit', (code, signal) => {
    exited ??= `DynamoDB Local exited (code ${code ?? signal}) before answering. Its output:\n${output.join('\n')}`;
  });
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (exited) throw new Error(exited);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms. Its output:\n${output.join('\n')}`);
  } finally {
    client.destroy();
  }
}

/** Stops a DynamoDB Local that a crashed run left behind (it would hold the database file). */
function killLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    // Only a process that is really DynamoDB Local: pids get reused.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already, or no /proc (macOS): nothing we can safely kill.
  }
}
