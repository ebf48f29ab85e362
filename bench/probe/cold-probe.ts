/**
 * Runs in a fresh `node` process (bundled to plain JavaScript by the bench): imports a
 * handler bundle or some packages, times it, invokes the handler, and writes the timings
 * to the result file. It must not touch anything else: its process is the measurement.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '../../functions/local/lambda-context.js';
import type { ProbePlan, ProbeResult } from './plan.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const bootMs = performance.now();
const plan = JSON.parse(process.argv[2] ?? '{}') as ProbePlan;
const result: ProbeResult = { ok: false, bootMs, loadMs: Number.NaN, invocations: [] };

try {
  if (plan.kind === 'require') {
    const require = createRequire(plan.from);
    const started = performance.now();
    for (const specifier of plan.specifiers) require(specifier);
    result.loadMs = performance.now() - started;
  } else if (plan.kind === 'import') {
    const started = performance.now();
    for (const specifier of plan.specifiers) await import(specifier);
    result.loadMs = performance.now() - started;
  } else {
    const started = performance.now();
    const module = (await import(pathToFileURL(plan.module).href)) as { handler?: unknown };
    result.loadMs = performance.now() - started;
    if (typeof module.handler !== 'function') throw new Error(`${plan.module} exports no handler function.`);
    const handler = module.handler as Handler;
    for (const event of plan.events) {
      const context = lambdaContext(plan.function.name, plan.function);
      const invoked = performance.now();
      const answer = await handler(event, context);
      result.invocations.push({ ms: performance.now() - invoked, result: answer });
    }
  }
  result.ok = true;
} catch (error) {
  result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
writeFileSync(plan.resultFile, JSON.stringify(result));
// Handlers keep sockets alive for the next invocation; Lambda would freeze them, we exit.
process.exit(0);
