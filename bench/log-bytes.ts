/**
 * Log bytes per request at the default log level: what the API function writes to stdout
 * (which Lambda sends to CloudWatch Logs) while it serves one request. A module instance
 * of the API handler of its own is loaded with the deployed function's logging settings
 * (no POWERTOOLS_LOG_LEVEL, so INFO; metrics on), and stdout and stderr are counted, not
 * printed, while each request runs. Lambda's own platform records and API Gateway's access
 * log line are not the function's and are not in this figure.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionCatalog } from '../functions/catalog.js';
import { lambdaContext } from '../functions/local/lambda-context.js';
import type { MeteredRequest } from './capacity.js';
import { apiEvent } from './lambda-events.js';
import type { ApiHandler } from './routes-under-test.js';

/** The variables the local runtime sets that a deployed function does not have. */
const NOT_DEPLOYED = ['POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_DISABLED', 'LOG_LEVEL'] as const;

export async function loadApiAtDefaultLogLevel(repositoryRoot: string): Promise<ApiHandler> {
  const saved = Object.fromEntries(NOT_DEPLOYED.map((k) => [k, process.env[k]]));
  for (const k of NOT_DEPLOYED) delete process.env[k];
  try {
    const url = `${pathToFileURL(join(repositoryRoot, functionCatalog.api.entry)).href}?bench-log-bytes`;
    const module = (await import(url)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${functionCatalog.api.entry} exports no handler.`);
    return module.handler as ApiHandler;
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}

type Write = typeof process.stdout.write;

/** Runs `work` with stdout and stderr counted instead of written; returns the bytes. */
export async function bytesWrittenBy(work: () => Promise<unknown>): Promise<number> {
  let bytes = 0;
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  const counting = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : chunk.byteLength;
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  }) as Write;
  for (const s of streams) s.write = counting;
  try {
    await work();
  } finally {
    streams.forEach((s, i) => {
      s.write = originals[i] as Write;
    });
  }
  return bytes;
}

/** Mean bytes written per request of each route, over `repeats` requests after one untimed. */
export async function logBytesPerRoute(
  handler: ApiHandler,
  requests: readonly MeteredRequest[],
  claims: Record<string, string>,
  repeats = 10,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const metered of requests) {
    let total = 0;
    for (let i = 0; i <= repeats; i++) {
      const event = apiEvent({ ...(await metered.request()), claims });
      let status: number | undefined;
      const bytes = await bytesWrittenBy(async () => {
        status = ((await handler(event, lambdaContext('api', functionCatalog.api))) as { statusCode?: number }).statusCode;
      });
      await metered.after?.();
      if (status !== metered.status) throw new Error(`${metered.route} answered ${status} at the default log level, expected ${metered.status}.`);
      if (i > 0) total += bytes;
    }
    out.set(metered.route, total / repeats);
  }
  return out;
}
