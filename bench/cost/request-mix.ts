/**
 * The variable cost of API requests: a documented mix of routes, priced line by line per
 * million requests, next to its floor (the same mix with the handler's time cut to its
 * DynamoDB calls and no logs at all). Everything the request path and the asynchronous
 * fan-out of a write use is priced: CloudFront, API Gateway, Lambda requests and
 * GB-seconds, DynamoDB request units, log ingestion, X-Ray traces, the outbox publisher,
 * EventBridge, SQS and the worker.
 */
import { prices } from './prices.js';
import type { RouteFigures } from './route-figures.js';
import type { TemplateFunction } from './template.js';

export interface MixEntry {
  route: string;
  share: number;
}

/** A team working on documents: mostly reading them, some editing. */
export const documentMix: readonly MixEntry[] = [
  { route: 'GET /api/documents/{documentId}', share: 0.6 },
  { route: 'GET /api/projects/{projectId}/documents', share: 0.25 },
  { route: 'PUT /api/documents/{documentId}', share: 0.1 },
  { route: 'GET /api/me', share: 0.05 },
];

/** The reads of a mix, their shares scaled to add up to one. */
export function readsOf(mix: readonly MixEntry[]): MixEntry[] {
  const reads = mix.filter((m) => m.route.startsWith('GET '));
  const total = reads.reduce((sum, m) => sum + m.share, 0);
  return reads.map((m) => ({ route: m.route, share: m.share / total }));
}

/**
 * One domain event's trip after the write commits, estimated (the bench does not time
 * these functions against AWS): the publisher's PutEvents call, the worker's conditional
 * Put of the audit entry, one invocation each (at these rates a batch holds one record),
 * three SQS requests (EventBridge's send, the poller's receive and delete), an event of
 * about 1 KB archived, and each function's log lines.
 */
export const FAN_OUT = {
  publisher: { ms: 25, rawMs: 20, logBytes: 580 + 400 },
  worker: { ms: 15, rawMs: 8, logBytes: 580 + 700 },
  sqsRequests: 3,
  workerWriteUnits: 1,
  archivedBytes: 1024,
};

/** X-Ray's default sampling rule beyond its reservoir of one request a second. */
export const XRAY_SAMPLED_SHARE = 0.05;

export type CostLine =
  | 'CloudFront'
  | 'API Gateway'
  | 'Lambda requests'
  | 'Lambda GB-seconds'
  | 'DynamoDB reads'
  | 'DynamoDB writes'
  | 'CloudWatch Logs'
  | 'X-Ray traces'
  | 'EventBridge'
  | 'SQS';

export type CostBreakdown = Record<CostLine, number>;

/** Billable quantities, each in the unit its price is per. */
export interface Usage {
  cloudFrontRequests: number;
  cloudFrontGb: number;
  httpApiRequests: number;
  lambdaRequests: number;
  lambdaGbSecondsArm: number;
  lambdaGbSecondsX86: number;
  readUnits: number;
  writeUnits: number;
  logsGb: number;
  /** Lambda invocations with active tracing: X-Ray samples among these. */
  tracedInvocations: number;
  events: number;
  archivedGb: number;
  sqsRequests: number;
}

export const noUsage = (): Usage => ({
  cloudFrontRequests: 0,
  cloudFrontGb: 0,
  httpApiRequests: 0,
  lambdaRequests: 0,
  lambdaGbSecondsArm: 0,
  lambdaGbSecondsX86: 0,
  readUnits: 0,
  writeUnits: 0,
  logsGb: 0,
  tracedInvocations: 0,
  events: 0,
  archivedGb: 0,
  sqsRequests: 0,
});

export function scaleUsage(u: Usage, by: number): Usage {
  return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, v * by])) as unknown as Usage;
}

type Functions = Map<string, Pick<TemplateFunction, 'memoryMb' | 'architecture'>>;

const GB = 1024 ** 3;

/**
 * What one request of the mix uses on average. With `floor`, the API handler takes only
 * its DynamoDB calls' time (and the fan-out functions only their calls') and nothing is logged.
 */
export function usagePerRequest(mix: readonly MixEntry[], figures: Map<string, RouteFigures>, functions: Functions, floor: boolean): Usage {
  const u = noUsage();
  const addDuration = (fn: string, ms: number, times: number) => {
    const f = functions.get(fn);
    if (!f) throw new Error(`No function ${fn} in the template.`);
    // Lambda bills duration rounded up to the millisecond.
    const gbSeconds = times * (Math.ceil(ms) / 1000) * (f.memoryMb / 1024);
    if (f.architecture === 'arm64') u.lambdaGbSecondsArm += gbSeconds;
    else u.lambdaGbSecondsX86 += gbSeconds;
  };
  const shares = mix.reduce((sum, m) => sum + m.share, 0);
  if (Math.abs(shares - 1) > 1e-9) throw new Error(`The mix's shares add up to ${shares}, not 1.`);
  for (const { route, share } of mix) {
    const r = figures.get(route);
    if (!r) throw new Error(`No figures for ${route}.`);
    u.cloudFrontRequests += share;
    u.cloudFrontGb += (share * (r.responseBytes + r.requestBytes)) / GB;
    u.httpApiRequests += share;
    u.lambdaRequests += share;
    addDuration('api', floor ? r.rawMs : r.handlerMs, share);
    u.readUnits += share * r.readUnits;
    u.writeUnits += share * r.writeUnits;
    u.logsGb += floor ? 0 : (share * r.logBytes) / GB;
    u.tracedInvocations += share;

    const events = share * r.events;
    if (events === 0) continue;
    const { publisher, worker } = FAN_OUT;
    u.events += events;
    u.lambdaRequests += 2 * events;
    addDuration('outboxPublisher', floor ? publisher.rawMs : publisher.ms, events);
    addDuration('jobWorker', floor ? worker.rawMs : worker.ms, events);
    u.writeUnits += events * FAN_OUT.workerWriteUnits;
    u.logsGb += floor ? 0 : (events * (publisher.logBytes + worker.logBytes)) / GB;
    u.tracedInvocations += 2 * events;
    u.archivedGb += (events * FAN_OUT.archivedBytes) / GB;
    u.sqsRequests += events * FAN_OUT.sqsRequests;
  }
  return u;
}

/** Usage priced line by line at list price; `traces` is how many X-Ray records (sampling applied by the caller). */
export function priceUsage(u: Usage, traces: number): CostBreakdown {
  return {
    CloudFront: u.cloudFrontRequests * prices.cloudFrontRequest.usd + u.cloudFrontGb * prices.cloudFrontTransferGb.usd,
    'API Gateway': u.httpApiRequests * prices.httpApiRequest.usd,
    'Lambda requests': u.lambdaRequests * prices.lambdaRequest.usd,
    'Lambda GB-seconds': u.lambdaGbSecondsArm * prices.lambdaArmGbSecond.usd + u.lambdaGbSecondsX86 * prices.lambdaX86GbSecond.usd,
    'DynamoDB reads': u.readUnits * prices.dynamoReadUnit.usd,
    'DynamoDB writes': u.writeUnits * prices.dynamoWriteUnit.usd,
    'CloudWatch Logs': u.logsGb * prices.logsIngestedGb.usd,
    'X-Ray traces': traces * prices.xrayTraceRecorded.usd,
    EventBridge: u.events * prices.eventBridgeEvent.usd + u.archivedGb * prices.eventBridgeArchivedGb.usd,
    SQS: u.sqsRequests * prices.sqsRequest.usd,
  };
}

/** Dollars per million requests of the mix, by line, at X-Ray's sampling share beyond its reservoir. */
export function costPerMillion(mix: readonly MixEntry[], figures: Map<string, RouteFigures>, functions: Functions, floor: boolean): CostBreakdown {
  const u = scaleUsage(usagePerRequest(mix, figures, functions, floor), 1e6);
  return priceUsage(u, u.tracedInvocations * XRAY_SAMPLED_SHARE);
}

export const total = (b: Partial<Record<string, number>>): number => Object.values(b).reduce((sum: number, v) => sum + (v ?? 0), 0);
