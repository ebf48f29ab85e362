/** What the figures were measured on: they mean nothing without the machine beside them. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
  dynamoDbLocal: string;
}

export function describeMachine(): Machine {
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java: javaVersion(),
    dynamoDbLocal: `DynamoDBLocal.jar from amplify-dynamodb-simulator ${packageVersion('amplify-dynamodb-simulator')}`,
  };
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    // No /proc (macOS): fall through to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function javaVersion(): string {
  try {
    // `java -version` prints to stderr; execFileSync returns stdout, so merge them.
    const out = execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' });
    return out.split('\n')[0]?.trim() ?? 'unknown';
  } catch {
    return 'not found';
  }
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const path = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The 1, 5 and 15-minute load averages: other work on the machine skews every figure. */
export const loadAverage = (): number[] => os.loadavg().map((l) => Math.round(l * 100) / 100);
