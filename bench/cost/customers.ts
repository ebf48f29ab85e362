/**
 * Monthly cost for example customers: the request mix scaled to their use, the SPA's
 * delivery, what they store, their sign-ins, and the installation's idle cost; at list
 * price, and with the always-free tiers if the account uses them for nothing else.
 */
import { alwaysFree, MONTH_HOURS, prices } from './prices.js';
import { type CostBreakdown, noUsage, priceUsage, scaleUsage, type Usage, XRAY_SAMPLED_SHARE } from './request-mix.js';

export interface CustomerAssumptions {
  activeUsers: number;
  /** Working days a month and hours a working day: when the requests arrive. */
  workingDays: number;
  workingHours: number;
  apiRequestsPerUserDay: number;
  /** SPA loads a user day: index.html through CloudFront (the viewer-request function runs), hashed assets cached by the browser. */
  pageLoadsPerUserDay: number;
  /** The SPA's hashed assets, downloaded once a month per user (new release or cleared cache). */
  spaDownloadBytes: number;
  documentsPerUser: number;
  /** Table bytes per document (its item, summary and grants) and per user (user, memberships, usage). */
  bytesPerDocument: number;
  bytesPerUser: number;
  /** Audit entries (one per domain event, about 1 KB, append-only) kept: months of them in the table. */
  auditMonthsKept: number;
  logRetentionDays: number;
}

export const customerExamples: readonly CustomerAssumptions[] = [10, 100, 1000].map((activeUsers) => ({
  activeUsers,
  workingDays: 22,
  workingHours: 8,
  apiRequestsPerUserDay: 200,
  pageLoadsPerUserDay: 5,
  spaDownloadBytes: 400 * 1024,
  documentsPerUser: 200,
  bytesPerDocument: 6 * 1024,
  bytesPerUser: 2 * 1024,
  auditMonthsKept: 12,
  logRetentionDays: 30,
}));

export type CustomerLine =
  | keyof CostBreakdown
  | 'CloudFront (SPA)'
  | 'DynamoDB storage + PITR'
  | 'Log storage'
  | 'CloudWatch metrics'
  | 'Cognito'
  | 'Idle (queue polling)';

export interface CustomerCost {
  assumptions: CustomerAssumptions;
  requests: number;
  listUsd: Record<CustomerLine, number>;
  afterFreeUsd: Record<CustomerLine, number>;
  /** Cognito federated sign-in (SAML/OIDC option): per user beyond the free tier. */
  federatedSignInUsd: number;
}

const GB = 1024 ** 3;
/** Custom metrics the functions publish (the outbox publisher's EventsPublished). */
const CUSTOM_METRICS = 1;

export function customerCost(a: CustomerAssumptions, perRequest: Usage, idleListUsd: number): CustomerCost {
  const requests = a.activeUsers * a.apiRequestsPerUserDay * a.workingDays;
  const api = scaleUsage(perRequest, requests);
  const pageLoads = a.activeUsers * a.pageLoadsPerUserDay * a.workingDays;
  const spa = { ...noUsage(), cloudFrontRequests: pageLoads, cloudFrontGb: (pageLoads * 2048 + a.activeUsers * a.spaDownloadBytes) / GB };
  const eventsKept = api.events * a.auditMonthsKept;
  const tableGb = (a.activeUsers * (a.documentsPerUser * a.bytesPerDocument + a.bytesPerUser) + eventsKept * 1024) / GB;
  const logsStoredGb = api.logsGb * (a.logRetentionDays / 30);
  const activeSeconds = a.workingDays * a.workingHours * 3600;
  const traces = sampledTraces(api.tracedInvocations, activeSeconds);
  const metricsHours = Math.min(MONTH_HOURS, a.workingDays * a.workingHours);

  const priced = (
    u: Usage,
    spaUsage: Usage,
    spaInvocations: number,
    traceCount: number,
    storageGb: number,
    logsGb: number,
    metrics: number,
    mau: number,
    idle: number,
  ) => {
    const lines = priceUsage(u, traceCount);
    const spaLine =
      spaUsage.cloudFrontRequests * prices.cloudFrontRequest.usd +
      spaInvocations * prices.cloudFrontFunctionInvocation.usd +
      spaUsage.cloudFrontGb * prices.cloudFrontTransferGb.usd;
    return {
      ...lines,
      'CloudFront (SPA)': spaLine,
      'DynamoDB storage + PITR': storageGb * prices.dynamoStorageGbMonth.usd + tableGb * prices.dynamoPitrGbMonth.usd,
      'Log storage': logsGb * prices.logsStoredGbMonth.usd,
      'CloudWatch metrics': metrics * prices.customMetricMonth.usd * (metricsHours / MONTH_HOURS),
      Cognito: mau * prices.cognitoMau.usd,
      'Idle (queue polling)': idle,
    };
  };
  const listUsd = priced(api, spa, pageLoads, traces, tableGb, logsStoredGb, CUSTOM_METRICS, a.activeUsers, idleListUsd);

  // Free tiers apply to the account's whole use of a service: API and SPA together.
  const left = (used: number, free: number) => Math.max(0, used - free);
  const cfRequests = api.cloudFrontRequests + spa.cloudFrontRequests;
  const cfFreeShare = cfRequests === 0 ? 0 : left(cfRequests, alwaysFree.cloudFrontRequests) / cfRequests;
  const cfGb = api.cloudFrontGb + spa.cloudFrontGb;
  const cfGbShare = cfGb === 0 ? 0 : left(cfGb, alwaysFree.cloudFrontTransferGb) / cfGb;
  const gbSeconds = api.lambdaGbSecondsArm + api.lambdaGbSecondsX86;
  const gbShare = gbSeconds === 0 ? 0 : left(gbSeconds, alwaysFree.lambdaGbSeconds) / gbSeconds;
  const apiAfterFree: Usage = {
    ...api,
    cloudFrontRequests: api.cloudFrontRequests * cfFreeShare,
    cloudFrontGb: api.cloudFrontGb * cfGbShare,
    lambdaRequests: left(api.lambdaRequests, alwaysFree.lambdaRequests),
    lambdaGbSecondsArm: api.lambdaGbSecondsArm * gbShare,
    lambdaGbSecondsX86: api.lambdaGbSecondsX86 * gbShare,
    logsGb: left(api.logsGb, alwaysFree.logsGb),
    sqsRequests: left(api.sqsRequests + IDLE_POLLS(idleListUsd), alwaysFree.sqsRequests),
  };
  const spaAfterFree: Usage = {
    ...spa,
    cloudFrontRequests: spa.cloudFrontRequests * cfFreeShare,
    cloudFrontGb: spa.cloudFrontGb * cfGbShare,
  };
  // The free function invocations go to the SPA's viewer-request function only (the API behavior has none).
  const afterFreeUsd = priced(
    apiAfterFree,
    spaAfterFree,
    left(pageLoads, alwaysFree.cloudFrontFunctionInvocations),
    left(traces, alwaysFree.xrayTraces),
    left(tableGb, alwaysFree.dynamoStorageGb),
    logsStoredGb,
    left(CUSTOM_METRICS, alwaysFree.customMetrics),
    left(a.activeUsers, alwaysFree.cognitoMau),
    0,
  );
  return {
    assumptions: a,
    requests,
    listUsd,
    afterFreeUsd,
    federatedSignInUsd: left(a.activeUsers, alwaysFree.cognitoFederatedMau) * prices.cognitoFederatedMau.usd,
  };
}

/** The idle polling requests behind a list-price dollar figure (they count against the SQS free tier). */
const IDLE_POLLS = (idleUsd: number) => idleUsd / prices.sqsRequest.usd;

/**
 * Traces X-Ray records under its default rule: the first request each second, then 5%,
 * with the month's invocations spread evenly over the working hours (an approximation:
 * bursts make it fewer).
 */
export function sampledTraces(invocations: number, activeSeconds: number): number {
  const reservoir = Math.min(invocations, activeSeconds);
  return reservoir + XRAY_SAMPLED_SHARE * (invocations - reservoir);
}
