/**
 * Waits until the machine is quiet before timing: after seeding, the local runtime's stream
 * poller reads every new stream record (and DynamoDB Local works through its writes), which
 * would otherwise run on the same two cores as the measurement.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds a process has used so far (user + system), or undefined without /proc. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

const mtimeOf = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/**
 * Resolves once the stream checkpoint file has not changed for `stableMs` and the java
 * process has used under 15% of a core over the last second. Returns the time waited.
 */
export async function waitUntilQuiet(options: { javaPid: number; checkpointFile: string; stableMs?: number; timeoutMs?: number }): Promise<number> {
  const started = performance.now();
  const stableMs = options.stableMs ?? 2_000;
  const deadline = started + (options.timeoutMs ?? 15 * 60_000);
  let lastMtime = mtimeOf(options.checkpointFile);
  let stableSince = performance.now();
  let lastCpu = cpuSeconds(options.javaPid);
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    const mtime = mtimeOf(options.checkpointFile);
    if (mtime !== lastMtime) {
      lastMtime = mtime;
      stableSince = performance.now();
    }
    const cpu = cpuSeconds(options.javaPid);
    const busy = cpu !== undefined && lastCpu !== undefined ? cpu - lastCpu : 0;
    lastCpu = cpu;
    if (performance.now() - stableSince >= stableMs && busy < 0.15) return performance.now() - started;
  }
  throw new Error(`The stream poller or DynamoDB Local was still busy after ${(options.timeoutMs ?? 15 * 60_000) / 1000} s.`);
}
