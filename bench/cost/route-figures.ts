/**
 * What one request of a route consumes: handler time, DynamoDB request units, log bytes,
 * bytes on the wire, domain events. Taken from `npm run bench`'s JSON when it measured the
 * route, otherwise from the estimates below, and every figure says which. The estimates
 * are built from the route's DynamoDB calls as docs/projects.md and docs/access-patterns.md
 * plan them, timed as that many round trips of the bench's measured `GET /api/me`; the
 * bench confirms or corrects them once it measures the documents routes.
 */
import { existsSync, readFileSync } from 'node:fs';

export type FigureSource = 'bench' | 'estimate';

export interface RouteFigures {
  route: string;
  /** Billed-duration basis: the handler in process with its DynamoDB calls (p50, ms). */
  handlerMs: number;
  /** The route's DynamoDB calls alone (p50, ms): the handler's floor. */
  rawMs: number;
  readUnits: number;
  writeUnits: number;
  /** Bytes written to CloudWatch Logs per request: function logs and the API access log line. */
  logBytes: number;
  requestBytes: number;
  responseBytes: number;
  /** Domain events the request writes; each fans out through stream, bus, queue and worker. */
  events: number;
  sources: { latency: FigureSource; units: FigureSource; logs: FigureSource };
  basis: string;
}

/**
 * Log bytes per API request at the default level (INFO) beyond what the function itself
 * writes (which the bench measures per route): Lambda's JSON platform records
 * (platform.start and platform.report with tracing, about 580 bytes) and the access log
 * line of lib/constructs/http-api.ts (about 450 bytes). Both are estimates: the bench runs
 * no Lambda service and no API Gateway. Powertools Metrics' "no application metrics"
 * warning (700 bytes a request) was silenced in functions/platform/observability.ts.
 */
export const ESTIMATED_API_LOG_BYTES = { platform: 580, accessLog: 450 };
const PLATFORM_LOG_BYTES = ESTIMATED_API_LOG_BYTES.platform + ESTIMATED_API_LOG_BYTES.accessLog;

/** `GET /api/me` as the performance.md run of 2026-11-24 measured it, for when no bench JSON exists. */
const ME_RUN_OF_RECORD = { handlerMs: 2.35, rawMs: 1.83 };

interface Estimate {
  route: string;
  /** Sequential DynamoDB round trips (parallel calls count once). */
  roundTrips: number;
  readUnits: number;
  writeUnits: number;
  requestBytes: number;
  responseBytes: number;
  events: number;
  basis: string;
}

/** A typical document: 4 KB of body, so a 4.5 KB item; list pages of 25 summaries of 0.5 KB. */
export const estimates: readonly Estimate[] = [
  {
    route: 'GET /api/me',
    roundTrips: 1,
    readUnits: 1,
    writeUnits: 0,
    requestBytes: 0,
    responseBytes: 600,
    events: 0,
    basis: 'user + security settings, eventually consistent, in parallel (0.5 + 0.5 RRU)',
  },
  {
    route: 'GET /api/documents/{documentId}',
    roundTrips: 3,
    readUnits: 2.5,
    writeUnits: 0,
    requestBytes: 0,
    responseBytes: 4_600,
    events: 0,
    basis: 'user + settings (1.0), then the 4.5 KB document (1.0), then its project for grants (0.5)',
  },
  {
    route: 'GET /api/projects/{projectId}/documents',
    roundTrips: 3,
    readUnits: 3.5,
    writeUnits: 0,
    requestBytes: 0,
    responseBytes: 12_000,
    events: 0,
    basis: 'user + settings (1.0), the project (0.5), a Query of 25 summaries of 0.5 KB (12.5 KB: 2.0)',
  },
  {
    route: 'PUT /api/documents/{documentId}',
    roundTrips: 4,
    readUnits: 2.5,
    writeUnits: 12,
    requestBytes: 4_400,
    responseBytes: 4_600,
    events: 1,
    basis: 'reads as GET (2.5), then TransactWriteItems: the 4.5 KB document (5 WRU) and its outbox event (1 WRU), doubled for the transaction',
  },
];

interface BenchJson {
  startedAt?: string;
  command?: string;
  machine?: { cpuModel?: string; cores?: number };
  scales?: {
    users: number;
    latency?: { route: string; modes: Record<string, { median: number } | undefined> }[];
    capacity?: { route: string; readUnits: number; writeUnits: number; logBytes?: number }[];
  }[];
}

export interface BenchFigures {
  file: string;
  startedAt: string;
  command: string;
  routes: Map<string, Partial<Pick<RouteFigures, 'handlerMs' | 'rawMs' | 'readUnits' | 'writeUnits' | 'logBytes'>>>;
}

/** The bench's names for routes it times with a query string (bench/routes-under-test.ts, BENCH_ROUTES). */
const BENCH_ROUTE_NAMES: Readonly<Record<string, string>> = {
  'GET /api/projects/{projectId}/documents?limit=25': 'GET /api/projects/{projectId}/documents',
};
const costName = (benchRoute: string) => BENCH_ROUTE_NAMES[benchRoute] ?? benchRoute;

/** The figures of the bench's largest table in its JSON; undefined when the file does not exist. */
export function readBenchFigures(file: string): BenchFigures | undefined {
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as BenchJson;
  const scale = json.scales?.at(-1);
  const routes: BenchFigures['routes'] = new Map();
  for (const l of scale?.latency ?? []) {
    const handlerMs = l.modes['in-process']?.median;
    const rawMs = l.modes.raw?.median;
    if (handlerMs !== undefined && rawMs !== undefined) routes.set(costName(l.route), { handlerMs, rawMs });
  }
  for (const c of scale?.capacity ?? []) {
    const route = costName(c.route);
    routes.set(route, {
      ...routes.get(route),
      readUnits: c.readUnits,
      writeUnits: c.writeUnits,
      ...(c.logBytes === undefined ? {} : { logBytes: c.logBytes }),
    });
  }
  return { file, startedAt: json.startedAt ?? 'unknown', command: json.command ?? 'unknown', routes };
}

/** The figures for each route: measured where the bench has them, estimated otherwise. */
export function routeFigures(bench: BenchFigures | undefined): Map<string, RouteFigures> {
  const me = bench?.routes.get('GET /api/me');
  const trip = me?.rawMs !== undefined && me.handlerMs !== undefined ? { handlerMs: me.handlerMs, rawMs: me.rawMs } : ME_RUN_OF_RECORD;
  const overheadMs = trip.handlerMs - trip.rawMs;
  const out = new Map<string, RouteFigures>();
  for (const e of estimates) {
    const measured = bench?.routes.get(e.route);
    const latencyMeasured = measured?.handlerMs !== undefined && measured.rawMs !== undefined;
    const unitsMeasured = measured?.readUnits !== undefined && measured.writeUnits !== undefined;
    const rawMs = latencyMeasured ? (measured?.rawMs as number) : e.roundTrips * trip.rawMs;
    out.set(e.route, {
      route: e.route,
      handlerMs: latencyMeasured ? (measured?.handlerMs as number) : rawMs + overheadMs,
      rawMs,
      readUnits: unitsMeasured ? (measured?.readUnits as number) : e.readUnits,
      writeUnits: unitsMeasured ? (measured?.writeUnits as number) : e.writeUnits,
      // The function's own lines (measured, else none at INFO) plus the platform's and the access log's.
      logBytes: (measured?.logBytes ?? 0) + PLATFORM_LOG_BYTES,
      requestBytes: e.requestBytes,
      responseBytes: e.responseBytes,
      events: e.events,
      sources: {
        latency: latencyMeasured ? 'bench' : 'estimate',
        units: unitsMeasured ? 'bench' : 'estimate',
        logs: measured?.logBytes !== undefined ? 'bench' : 'estimate',
      },
      basis: e.basis,
    });
  }
  return out;
}
