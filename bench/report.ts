/**
 * Renders a run's results as aligned pipe tables (readable in a terminal and pasteable
 * into docs/performance.md) and writes the JSON. Formatting only: no figure is computed
 * here that the JSON does not hold, except the ratios printed beside them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Mode } from './latency.js';
import type { BenchResults, ScaleResults } from './results.js';
import { ratio } from './stats.js';
import { p50Of } from './targets.js';

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const x = (v: number) => (Number.isNaN(v) ? '–' : `${v.toFixed(2)}x`);
const bytes = (v: number) => (v >= 2 ** 20 ? `${(v / 2 ** 20).toFixed(2)} MiB` : `${(v / 1024).toFixed(1)} KiB`);
const count = (v: number) => v.toLocaleString('en-US');

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-–\d.,]+( ?[a-zA-Z%x]+)?$|^–$/.test(r[i] ?? '')));
  const cell = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function renderReport(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; node ${m.node}; ${m.java}; ${m.dynamoDbLocal}`);
  out.push(
    `Command: ${r.command}; started ${r.startedAt}; took ${(r.totalMs / 60_000).toFixed(1)} min${r.attempt > 1 ? ` (attempt ${r.attempt}: node crashed before)` : ''}`,
  );
  out.push(
    `Code: commit ${r.source.commit}${r.source.uncommitted.length > 0 ? ` with uncommitted changes in ${r.source.uncommitted.join(', ')}` : ', clean'} (bin/, lib/, functions/)`,
  );
  out.push(`Load average (1, 5, 15 min): ${r.load.atStart.join(', ')} at start; ${r.load.atEnd.join(', ')} at the end`);
  out.push(
    `Local runtime: a node process of its own; restarted ${r.runtimeRestarts} times after Node 20's V8 crash (the route being timed was timed again); write routes timed in a process of their own, restarted ${r.workerRestarts} times`,
  );
  out.push(`DynamoDB Local: ${r.options.disk ? 'on disk (-dbPath)' : 'in memory (-inMemory)'}, -sharedDb, one instance for the whole run`);

  out.push('', `## Synth and bundles (synth wall clock: ${(r.synth.wallMs / 1000).toFixed(1)} s)`, '');
  out.push(
    table(
      ['function', 'index.mjs', 'asset folder', 'files', 'zipped'],
      r.bundles.map((b) => [b.name, bytes(b.indexBytes), bytes(b.folderBytes), String(b.files), bytes(b.zipBytes)]),
    ),
  );
  out.push(`Zipped with: ${r.bundles[0]?.zipMethod ?? '–'}. Not ours, not measured: ${r.synth.otherFunctions.join(', ') || 'none'}.`);

  out.push('', `## Cold starts (fresh node process each, ${r.coldStarts[0]?.runs ?? 0} runs; ms, median / p90)`, '');
  out.push(
    table(
      ['variant', 'import', 'import p90', '1st invoke', '1st p90', 'cold = import + 1st', 'cold p90', '2nd invoke'],
      r.coldStarts.map((c) => {
        const [first, second] = c.invokeMs;
        return [
          c.label,
          ms(c.loadMs.median),
          ms(c.loadMs.p90),
          ms(first?.median),
          ms(first?.p90),
          ms(first ? c.coldMs.median : undefined),
          ms(first ? c.coldMs.p90 : undefined),
          ms(second?.median),
        ];
      }),
    ),
  );
  out.push('', ...renderColdBreakdown(r));

  for (const scale of r.scales) out.push('', ...renderScale(scale));
  if (r.scales.length > 1) out.push('', ...renderGrowth(r.scales));
  out.push('', ...renderPublisher(r));

  out.push('', '## Targets', '');
  out.push(
    table(
      ['target', 'measured', 'ratio', 'limit', 'met'],
      r.targets.map((t) => [t.target, t.measured, x(t.value), `${t.limit}x`, t.met ? 'yes' : 'NO']),
    ),
  );
  return out.join('\n');
}

/** Where the API's cold start goes, from the variants that measure its parts on their own. */
function renderColdBreakdown(r: BenchResults): string[] {
  const figures = (id: string) => r.coldStarts.find((c) => c.id === id);
  const load = (id: string) => figures(id)?.loadMs.median;
  const invoke = (id: string, index: number) => figures(id)?.invokeMs[index]?.median;
  const cold = (id: string) => figures(id)?.coldMs.median ?? Number.NaN;
  const apiCold = cold('api-me');
  const row = (what: string, value: number | undefined, share = true): string[] => [what, ms(value), share ? pct(value, apiCold) : ''];
  return [
    'Where the API cold start goes (medians; "alone" = measured in a fresh process of its own; share of the API cold start for GET /api/me):',
    '',
    table(
      ['piece', 'ms', 'share'],
      [
        row("node's own start (before the import; in no figure above)", figures('minimal')?.bootMs.median, false),
        row('minimal: import', load('minimal'), false),
        row('  @aws-sdk/client-dynamodb alone', load('sdk-dynamodb-only'), false),
        row('minimal: cold (import + 1st invoke)', cold('minimal'), false),
        row('API: import (module load and init)', load('api-me')),
        row('API: 1st invoke, GET /api/me', invoke('api-me', 0)),
        row('API: cold, GET /api/me', apiCold),
        row('  its AWS SDK packages alone (import)', load('sdk-only')),
        row('  Cedar wasm alone (require)', load('cedar-only')),
        row('  Cedar authorizer build alone', invoke('cedar-authorizer', 0)),
        row('  Cedar 1st decision alone (after the build)', invoke('cedar-authorizer', 1)),
        row('  Cedar 2nd decision alone', invoke('cedar-authorizer', 2)),
        ['API cold / minimal cold, GET /api/me', x(ratio(apiCold, cold('minimal'))), ''],
        ['API cold / minimal cold, GET /api/health', x(ratio(cold('api-health'), cold('minimal'))), ''],
      ],
    ),
  ];
}

const pct = (part: number | undefined, whole: number) => (part === undefined || !(whole > 0) ? '–' : `${Math.round((100 * part) / whole)}%`);

function renderScale(scale: ScaleResults): string[] {
  const rows: string[][] = [];
  for (const route of scale.latency) {
    const raw = route.modes.raw?.median;
    for (const mode of ['http', 'in-process', 'raw'] as Mode[]) {
      const s = route.modes[mode];
      if (!s) continue;
      const overRaw = raw !== undefined && mode !== 'raw';
      rows.push([route.route, mode, ms(s.median), ms(s.p95), ms(s.p99), String(s.n), overRaw ? x(s.median / raw) : '–', overRaw ? ms(s.median - raw) : '–']);
    }
  }
  return [
    `## Warm latency with ${count(scale.documents)} documents (${count(scale.listProjectDocuments)} in the listed project), ${count(scale.users)} users (ms; documents seeded in ${(scale.seedMs / 1000).toFixed(1)} s)`,
    '',
    table(['route', 'mode', 'p50', 'p95', 'p99', 'n', 'p50 / raw p50', 'p50 − raw p50'], rows),
    '',
    table(
      ['route (in process, ReturnConsumedCapacity TOTAL)', 'DynamoDB calls', 'read units', 'write units', 'answers with capacity', 'log bytes'],
      scale.capacity.map((c) => [
        c.route,
        c.calls.toFixed(1),
        c.readUnits.toFixed(1),
        c.writeUnits.toFixed(1),
        `${c.reported.toFixed(1)} / ${c.calls.toFixed(1)}`,
        c.logBytes === undefined ? '–' : c.logBytes.toFixed(0),
      ]),
    ),
    'Log bytes: what the API function writes to stdout per request at the default log level (INFO, metrics on); Lambda platform records and the access log line not included.',
  ];
}

function renderGrowth(scales: readonly ScaleResults[]): string[] {
  const small = scales[0] as ScaleResults;
  const large = scales.at(-1) as ScaleResults;
  const rows: string[][] = [];
  const p99Of = (scale: ScaleResults, route: string, mode: Mode) => scale.latency.find((l) => l.route === route)?.modes[mode]?.p99 ?? Number.NaN;
  for (const route of large.latency) {
    for (const mode of ['http', 'in-process', 'raw'] as Mode[]) {
      const a = p50Of(small, route.route, mode);
      const b = p50Of(large, route.route, mode);
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      const [c, d] = [p99Of(small, route.route, mode), p99Of(large, route.route, mode)];
      rows.push([route.route, mode, ms(a), ms(b), x(b / a), ms(c), ms(d), x(d / c)]);
    }
  }
  const [a, b] = [`@${count(small.documents)}`, `@${count(large.documents)}`];
  return [
    `## Growth: ${count(small.documents)} vs ${count(large.documents)} documents (ms)`,
    '',
    table(['route', 'mode', `p50 ${a}`, `p50 ${b}`, 'ratio', `p99 ${a}`, `p99 ${b}`, 'ratio '], rows),
  ];
}

function renderPublisher(r: BenchResults): string[] {
  const p = r.publisher;
  const rows: string[][] = [
    [
      `handler alone: ${count(p.events)} events, batches of ${p.batchSize}, to the fake EventBridge (${count(p.handler.putEventsCalls)} PutEvents)`,
      count(Math.round(p.handler.eventsPerSecond)),
      ms(p.handler.wallMs),
      `${ms(p.handler.batchMs.median)} / ${ms(p.handler.batchMs.p99)}`,
    ],
  ];
  if (p.endToEnd) {
    rows.push([
      `end to end: BatchWriteItem of the outbox items → DynamoDB Local stream → runtime poller → publisher → local bus (writes took ${ms(p.endToEnd.writeMs)} ms)`,
      count(Math.round(p.endToEnd.eventsPerSecond)),
      ms(p.endToEnd.wallMs),
      '–',
    ]);
  }
  return ['## Stream publisher: events published per second', '', table(['how', 'events/s', 'wall ms', 'batch p50 / p99 ms'], rows)];
}

export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
