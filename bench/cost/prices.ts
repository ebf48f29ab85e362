/**
 * AWS list prices the cost model uses: us-east-1, on-demand, in US dollars per unit. One
 * place, each with the page it comes from; docs/cost.md lists them with the date they were
 * taken. Free tiers are kept apart, because whether an installation gets them depends on
 * what else runs in the customer's account.
 */

export interface UnitPrice {
  readonly usd: number;
  /** What one unit is, as the pricing page bills it. */
  readonly unit: string;
  readonly source: string;
}

/** When the prices below were taken from their pages. */
export const PRICES_TAKEN = '2026-11-24';
export const PRICE_REGION = 'us-east-1';

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const APIGW = 'https://aws.amazon.com/api-gateway/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const XRAY = 'https://aws.amazon.com/xray/pricing/';
const CLOUDFRONT = 'https://aws.amazon.com/cloudfront/pricing/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';
const STEP_FUNCTIONS = 'https://aws.amazon.com/step-functions/pricing/';
const SQS = 'https://aws.amazon.com/sqs/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const COGNITO = 'https://aws.amazon.com/cognito/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const WAF = 'https://aws.amazon.com/waf/pricing/';
const VPC = 'https://aws.amazon.com/vpc/pricing/';
const PRIVATELINK = 'https://aws.amazon.com/privatelink/pricing/';
const SECRETS = 'https://aws.amazon.com/secrets-manager/pricing/';
const ROUTE53 = 'https://aws.amazon.com/route53/pricing/';

const HOURS_PER_MONTH = 730;

export const prices = {
  lambdaArmGbSecond: { usd: 0.0000133334, unit: 'GB-second (arm64, first 7.5 billion a month)', source: LAMBDA },
  lambdaX86GbSecond: { usd: 0.0000166667, unit: 'GB-second (x86_64, first 6 billion a month)', source: LAMBDA },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'request', source: LAMBDA },
  httpApiRequest: { usd: 1.0 / 1e6, unit: 'HTTP API request (first 300 million a month, per 512 KB)', source: APIGW },
  dynamoWriteUnit: { usd: 0.625 / 1e6, unit: 'write request unit (on-demand, Standard table class)', source: DYNAMODB },
  dynamoReadUnit: { usd: 0.125 / 1e6, unit: 'read request unit (on-demand, Standard table class)', source: DYNAMODB },
  dynamoStorageGbMonth: { usd: 0.25, unit: 'GB-month of table storage', source: DYNAMODB },
  dynamoPitrGbMonth: { usd: 0.2, unit: 'GB-month of continuous backup (PITR)', source: DYNAMODB },
  logsIngestedGb: { usd: 0.5, unit: 'GB ingested (Standard log class)', source: CLOUDWATCH },
  logsStoredGbMonth: { usd: 0.03, unit: 'GB-month archived', source: CLOUDWATCH },
  customMetricMonth: { usd: 0.3, unit: 'custom metric-month (first 10,000; prorated by the hour)', source: CLOUDWATCH },
  alarmMonth: { usd: 0.1, unit: 'standard-resolution alarm-month', source: CLOUDWATCH },
  sfnStateTransition: { usd: 0.025 / 1e3, unit: 'state transition, standard workflow (4,000 a month always free)', source: STEP_FUNCTIONS },
  dashboardMonth: { usd: 3.0, unit: 'dashboard-month (beyond three)', source: CLOUDWATCH },
  xrayTraceRecorded: { usd: 5.0 / 1e6, unit: 'trace recorded', source: XRAY },
  cloudFrontRequest: { usd: 0.01 / 1e4, unit: 'HTTPS request (United States)', source: CLOUDFRONT },
  cloudFrontTransferGb: { usd: 0.085, unit: 'GB out to the internet (United States, first 10 TB)', source: CLOUDFRONT },
  cloudFrontFunctionInvocation: { usd: 0.1 / 1e6, unit: 'CloudFront Functions invocation', source: CLOUDFRONT },
  eventBridgeEvent: { usd: 1.0 / 1e6, unit: 'custom event published (per 64 KB)', source: EVENTBRIDGE },
  eventBridgeArchivedGb: { usd: 0.1, unit: 'GB of events archived', source: EVENTBRIDGE },
  sqsRequest: { usd: 0.4 / 1e6, unit: 'standard queue request (per 64 KB)', source: SQS },
  s3StorageGbMonth: { usd: 0.023, unit: 'GB-month (S3 Standard, first 50 TB)', source: S3 },
  cognitoMau: { usd: 0.015, unit: 'monthly active user beyond the free tier (Essentials)', source: COGNITO },
  cognitoFederatedMau: { usd: 0.015, unit: 'monthly active user signing in through SAML or OIDC, beyond the free tier', source: COGNITO },
  kmsKeyMonth: { usd: 1.0, unit: 'customer managed key-month', source: KMS },
  wafWebAclMonth: { usd: 5.0, unit: 'web ACL-month', source: WAF },
  wafRuleMonth: { usd: 1.0, unit: 'rule-month', source: WAF },
  natGatewayMonth: { usd: 0.045 * HOURS_PER_MONTH, unit: 'NAT gateway-month ($0.045 an hour)', source: VPC },
  interfaceEndpointAzMonth: { usd: 0.01 * HOURS_PER_MONTH, unit: 'interface endpoint-month per AZ ($0.01 an hour)', source: PRIVATELINK },
  secretMonth: { usd: 0.4, unit: 'secret-month', source: SECRETS },
  hostedZoneMonth: { usd: 0.5, unit: 'hosted zone-month (first 25)', source: ROUTE53 },
} as const satisfies Record<string, UnitPrice>;

export type PriceName = keyof typeof prices;

/**
 * Monthly free tiers that never expire (the 12-month ones, like API Gateway's, are left
 * out). They are per account, so they apply only if nothing else in the account uses them.
 */
export const alwaysFree = {
  lambdaRequests: 1e6,
  lambdaGbSeconds: 400_000,
  dynamoStorageGb: 25,
  logsGb: 5,
  xrayTraces: 100_000,
  cloudFrontRequests: 10e6,
  cloudFrontTransferGb: 1000,
  cloudFrontFunctionInvocations: 2e6,
  sqsRequests: 1e6,
  customMetrics: 10,
  cognitoMau: 10_000,
  cognitoFederatedMau: 50,
} as const;

export const MONTH_HOURS = HOURS_PER_MONTH;
export const MONTH_SECONDS = HOURS_PER_MONTH * 3600;
