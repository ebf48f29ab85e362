/**
 * The control plane's monthly cost as a function of its fleet: what each installation's
 * hourly sync (license, heartbeat, usage report) and each paid subscription's Stripe
 * traffic costs in requests, function time, table units, queue requests, logs and traces,
 * plus the storage the fleet keeps and the idle cost of the template. Every per-operation
 * figure is an ESTIMATE with its basis (no bench measures the control plane yet); the
 * memory sizes come from the synthesized template, the prices from prices.ts.
 */
import { type VendorFunctionId, vendorFunctionCatalog } from '../../functions/vendor/catalog.js';
import { sampledTraces } from './customers.js';
import { fixedMonthlyCost } from './fixed-cost.js';
import { alwaysFree, MONTH_HOURS, MONTH_SECONDS, prices } from './prices.js';
import type { CfnTemplate } from './template.js';

export interface FleetAssumptions {
  readonly installations: number;
  /** Share of installations on a paid plan (pro or enterprise). */
  readonly paidShare: number;
  /** Share on a usage-metered plan (enterprise): its apiCalls meter goes to Stripe every hour. */
  readonly meteredShare: number;
  /** Stripe events delivered per paid subscription a month (the endpoint subscribes to the handled types only). */
  readonly webhookEventsPerPaidMonth: number;
  /** Seat count changes a paid subscription sends to Stripe a month. */
  readonly seatChangesPerPaidMonth: number;
  /** Vendor staff using the console, and their admin API requests a month each. */
  readonly staffUsers: number;
  readonly adminRequestsPerStaffMonth: number;
  /** Days the stack keeps function and access logs (VendorStack's default). */
  readonly logRetentionDays: number;
}

export const DEFAULT_FLEET: Omit<FleetAssumptions, 'installations'> = {
  paidShare: 0.2,
  meteredShare: 0.05,
  webhookEventsPerPaidMonth: 6,
  seatChangesPerPaidMonth: 2,
  staffUsers: 5,
  adminRequestsPerStaffMonth: 2_000,
  logRetentionDays: 90,
};

/** One kind of work the control plane does, and what one occurrence of it uses. */
export interface Operation {
  readonly id: string;
  readonly fn: VendorFunctionId;
  readonly perMonth: (fleet: FleetAssumptions) => number;
  /** Arrives through the HTTP API (billed per request, one access log line). */
  readonly viaApi: boolean;
  /** Billed handler time (the Stripe round trip included where there is one). */
  readonly billedMs: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** SQS requests: send, receive and delete of each message it causes or consumes (receives not batched: conservative). */
  readonly sqsRequests: number;
  readonly basis: string;
}

const perInstallationHour = (f: FleetAssumptions) => f.installations * MONTH_HOURS;

export const operations: readonly Operation[] = [
  {
    id: 'GET /v1/license',
    fn: 'installationApi',
    perMonth: perInstallationHour,
    viaApi: true,
    billedMs: 40,
    readUnits: 2.5,
    writeUnits: 1,
    sqsRequests: 0,
    basis: 'signature check: installation (1 RRU, consistent) and nonce put (1 WRU); subscription (1 RRU), fleet flag counter (0.5); Ed25519 signature',
  },
  {
    id: 'POST /v1/heartbeat',
    fn: 'installationApi',
    perMonth: perInstallationHour,
    viaApi: true,
    billedMs: 25,
    readUnits: 1,
    writeUnits: 3,
    sqsRequests: 0,
    basis: 'signature check (1 RRU, 1 WRU); installation item updated with version and health (1 WRU, and 1 for its gsi1 fleet entry)',
  },
  {
    id: 'POST /v1/usage',
    fn: 'installationApi',
    perMonth: perInstallationHour,
    viaApi: true,
    billedMs: 45,
    readUnits: 2,
    writeUnits: 6,
    sqsRequests: 0,
    basis: 'signature check (1 RRU, 1 WRU); subscription (1 RRU); 5 meters a conditional put each (5 WRU)',
  },
  {
    id: 'usage forward (metered plans)',
    fn: 'billingWorker',
    perMonth: (f) => f.installations * f.meteredShare * MONTH_HOURS,
    viaApi: false,
    billedMs: 250,
    readUnits: 1,
    writeUnits: 1,
    sqsRequests: 3,
    basis: 'one message; read the report (1 RRU), one Stripe meter event (~200 ms round trip), mark it forwarded (1 WRU)',
  },
  {
    id: 'POST /stripe/webhook',
    fn: 'stripeWebhook',
    perMonth: (f) => f.installations * f.paidShare * f.webhookEventsPerPaidMonth,
    viaApi: true,
    billedMs: 15,
    readUnits: 0,
    writeUnits: 0,
    sqsRequests: 1,
    basis: 'signature check on the raw body, one SendMessage',
  },
  {
    id: 'Stripe event processed',
    fn: 'billingWorker',
    perMonth: (f) => f.installations * f.paidShare * f.webhookEventsPerPaidMonth,
    viaApi: false,
    billedMs: 400,
    readUnits: 2,
    writeUnits: 6,
    sqsRequests: 2,
    basis:
      're-read the subscription from Stripe (~300 ms); customer lookup on gsi1 and state (2 RRU); event marker and subscription in one transaction (2x 3 WRU)',
  },
  {
    id: 'seat count to Stripe',
    fn: 'billingWorker',
    perMonth: (f) => f.installations * f.paidShare * f.seatChangesPerPaidMonth,
    viaApi: false,
    billedMs: 350,
    readUnits: 1,
    writeUnits: 1,
    sqsRequests: 3,
    basis: 'one message; subscription quantity update at Stripe (~300 ms); state (1 RRU, 1 WRU)',
  },
  {
    id: 'admin API (console)',
    fn: 'adminApi',
    perMonth: (f) => f.staffUsers * f.adminRequestsPerStaffMonth,
    viaApi: true,
    billedMs: 50,
    readUnits: 8,
    writeUnits: 0.1,
    sqsRequests: 0,
    basis: 'mostly fleet pages: a gsi1 Query of 25 installations (~8 RRU); a few ring or flag changes',
  },
];

/** Bytes per item the fleet keeps (ESTIMATES from the item shapes in functions/vendor/). */
export const STORAGE = {
  /** A usage report item: keys, meter, hour, value, timestamps, TTL, with DynamoDB's 100-byte overhead. */
  usageReportBytes: 330,
  /** 5 meters an hour, kept 400 days (functions/vendor/billing/usage.ts). */
  usageReportsPerInstallation: 5 * 24 * 400,
  /** Installation and subscription items with their gsi1 copies, activation code. */
  installationBytes: 4_000,
  /** Signed-request nonces: 3 an hour, kept 10 minutes, then up to 48 h until TTL deletes them. */
  nonceBytes: 3 * 50 * 160,
} as const;

/** Log bytes per invocation beyond the handler's own: Lambda's JSON platform records (start, report). */
const PLATFORM_LOG_BYTES = 580;
/** The handler's own lines per invocation at INFO (ESTIMATE: one summary line). */
const HANDLER_LOG_BYTES = 300;
/** One JSON access log line of the HTTP API stage. */
const ACCESS_LOG_BYTES = 450;
const GB = 1024 ** 3;

export type VendorCostLine =
  | 'HTTP API requests'
  | 'Lambda requests'
  | 'Lambda GB-seconds'
  | 'DynamoDB reads'
  | 'DynamoDB writes'
  | 'DynamoDB storage + PITR'
  | 'SQS requests'
  | 'Logs ingested'
  | 'Logs stored'
  | 'X-Ray traces'
  | 'Idle (queue polling)';

export interface VendorMonthlyCost {
  readonly fleet: FleetAssumptions;
  readonly listUsd: Record<VendorCostLine, number>;
  readonly afterFreeUsd: Record<VendorCostLine, number>;
  readonly apiRequests: number;
  readonly invocations: number;
  readonly tableGb: number;
}

/** Memory of each catalog function in the template (matched by Description); all arm64 or the model refuses. */
export function vendorFunctionMemory(template: CfnTemplate): Record<VendorFunctionId, number> {
  const memory = {} as Record<VendorFunctionId, number>;
  for (const [name, declaration] of Object.entries(vendorFunctionCatalog) as [VendorFunctionId, { description: string }][]) {
    const found = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Description === declaration.description);
    if (!found) throw new Error(`The template has no function for the control plane's ${name} (matched by Description).`);
    if (!(found.Properties?.Architectures ?? []).includes('arm64')) throw new Error(`${name} is not arm64: the model prices arm64 only.`);
    memory[name] = Number(found.Properties?.MemorySize ?? 128);
  }
  return memory;
}

export function vendorMonthlyCost(template: CfnTemplate, fleet: FleetAssumptions): VendorMonthlyCost {
  const memory = vendorFunctionMemory(template);
  let apiRequests = 0;
  let invocations = 0;
  let gbSeconds = 0;
  let readUnits = 0;
  let writeUnits = 0;
  let sqsRequests = 0;
  let logBytes = 0;
  for (const op of operations) {
    const count = op.perMonth(fleet);
    invocations += count;
    if (op.viaApi) apiRequests += count;
    gbSeconds += count * (op.billedMs / 1000) * (memory[op.fn] / 1024);
    readUnits += count * op.readUnits;
    writeUnits += count * op.writeUnits;
    sqsRequests += count * op.sqsRequests;
    logBytes += count * (PLATFORM_LOG_BYTES + HANDLER_LOG_BYTES + (op.viaApi ? ACCESS_LOG_BYTES : 0));
  }
  const tableGb =
    (fleet.installations * (STORAGE.usageReportBytes * STORAGE.usageReportsPerInstallation + STORAGE.installationBytes + STORAGE.nonceBytes)) / GB;
  const logsGb = logBytes / GB;
  const logsStoredGb = logsGb * (fleet.logRetentionDays / 30);
  const traces = sampledTraces(invocations, MONTH_SECONDS);
  const idle = fixedMonthlyCost(template);
  const idlePolls = idle.listUsd / prices.sqsRequest.usd;

  const price = (u: {
    apiRequests: number;
    lambdaRequests: number;
    gbSeconds: number;
    tableGb: number;
    sqs: number;
    logsGb: number;
    traces: number;
    idleUsd: number;
  }) => ({
    'HTTP API requests': u.apiRequests * prices.httpApiRequest.usd,
    'Lambda requests': u.lambdaRequests * prices.lambdaRequest.usd,
    'Lambda GB-seconds': u.gbSeconds * prices.lambdaArmGbSecond.usd,
    'DynamoDB reads': readUnits * prices.dynamoReadUnit.usd,
    'DynamoDB writes': writeUnits * prices.dynamoWriteUnit.usd,
    'DynamoDB storage + PITR': u.tableGb * prices.dynamoStorageGbMonth.usd + tableGb * prices.dynamoPitrGbMonth.usd,
    'SQS requests': u.sqs * prices.sqsRequest.usd,
    'Logs ingested': u.logsGb * prices.logsIngestedGb.usd,
    'Logs stored': logsStoredGb * prices.logsStoredGbMonth.usd,
    'X-Ray traces': u.traces * prices.xrayTraceRecorded.usd,
    'Idle (queue polling)': u.idleUsd,
  });
  const left = (used: number, free: number) => Math.max(0, used - free);
  const listUsd = price({ apiRequests, lambdaRequests: invocations, gbSeconds, tableGb, sqs: sqsRequests, logsGb, traces, idleUsd: idle.listUsd });
  // Always-free tiers (per account: only if nothing else in the vendor's account uses them). The idle polls count against SQS's.
  const afterFreeUsd = price({
    apiRequests,
    lambdaRequests: left(invocations, alwaysFree.lambdaRequests),
    gbSeconds: left(gbSeconds, alwaysFree.lambdaGbSeconds),
    tableGb: left(tableGb, alwaysFree.dynamoStorageGb),
    sqs: left(sqsRequests + idlePolls, alwaysFree.sqsRequests),
    logsGb: left(logsGb, alwaysFree.logsGb),
    traces: left(traces, alwaysFree.xrayTraces),
    idleUsd: 0,
  });
  return { fleet, listUsd, afterFreeUsd, apiRequests, invocations, tableGb };
}
