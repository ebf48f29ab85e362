/**
 * What each CloudFormation resource type costs an installation that nobody uses: nothing
 * (free), nothing until used (usage-priced), or a monthly price. Every type the template
 * holds must be in this table: an unknown type is an error, so a new resource cannot
 * arrive unpriced. Types that are usage-priced only in some configurations (provisioned
 * DynamoDB capacity, provisioned concurrency) are checked property by property.
 */
import { MONTH_SECONDS, prices } from './prices.js';
import { type CfnJson, type CfnResource, type CfnTemplate, evaluateCondition, parameterValues } from './template.js';

export type ResourcePricing =
  | { kind: 'free'; note: string }
  | { kind: 'usage'; note: string }
  | {
      kind: 'fixed';
      monthlyUsd: number;
      note: string;
      /** Inside a free tier that never expires (if nothing else in the account uses it up). */
      withinAlwaysFree?: boolean;
    };

type Classifier = (resource: CfnResource, template: CfnTemplate) => ResourcePricing;

const free =
  (note: string): Classifier =>
  () => ({ kind: 'free', note });
const usage =
  (note: string): Classifier =>
  () => ({ kind: 'usage', note });
const fixed =
  (monthlyUsd: number, note: string): Classifier =>
  () => ({ kind: 'fixed', monthlyUsd, note });

/**
 * Lambda's SQS pollers long-poll the queue while it is empty (five connections, 20 s
 * waits): about 15 ReceiveMessage requests a minute, an estimate from the documented
 * polling behaviour, not a measurement.
 */
export const IDLE_SQS_POLLS_PER_MONTH = 15 * 60 * 730;

export const resourcePricing: Record<string, Classifier> = {
  'AWS::ApiGatewayV2::Api': usage('per request'),
  'AWS::ApiGatewayV2::Authorizer': free('JWT authorizer: no charge of its own'),
  'AWS::ApiGatewayV2::Integration': free('configuration'),
  'AWS::ApiGatewayV2::Route': free('configuration'),
  'AWS::ApiGatewayV2::Stage': free('configuration (access logs priced as log ingestion)'),
  'AWS::ApiGatewayV2::Deployment': free('configuration'),
  'AWS::CDK::Metadata': free('CDK bookkeeping'),
  'AWS::CloudFront::Distribution': usage('per request and GB out'),
  'AWS::CloudFront::Function': usage('per invocation'),
  'AWS::CloudFront::OriginAccessControl': free('configuration'),
  'AWS::CloudFront::ResponseHeadersPolicy': free('configuration'),
  'AWS::CloudFront::CachePolicy': free('configuration'),
  'AWS::CloudFront::OriginRequestPolicy': free('configuration'),
  'AWS::Cognito::UserPool': (resource) =>
    resource.Properties?.UserPoolTier === 'PLUS'
      ? { kind: 'usage', note: 'per monthly active user, Plus tier (no free tier)' }
      : { kind: 'usage', note: 'per monthly active user beyond the free tier' },
  'AWS::Cognito::UserPoolClient': free('configuration'),
  'AWS::Cognito::UserPoolDomain': free('hosted sign-in domain'),
  'AWS::Cognito::UserPoolIdentityProvider': usage('federated users are billed per monthly active user, smaller free tier'),
  'AWS::Cognito::UserPoolUser': free('one user'),
  'AWS::Cognito::UserPoolGroup': free('configuration'),
  'AWS::DynamoDB::GlobalTable': dynamoTable,
  'AWS::DynamoDB::Table': dynamoTable,
  'AWS::Events::Archive': usage('per GB archived and stored'),
  'AWS::Events::EventBus': usage('per event published'),
  'AWS::Events::Rule': (resource, template) =>
    isDisabledByDefault(resource, template)
      ? { kind: 'free', note: 'schedule rule disabled with the default parameters (an opt-in)' }
      : resource.Properties?.ScheduleExpression
        ? scheduled(resource.Properties.ScheduleExpression, resource.Properties.Targets ?? [], template)
        : { kind: 'free', note: 'event pattern rule' },
  'AWS::Scheduler::Schedule': (resource, template) => scheduled(resource.Properties?.ScheduleExpression, [resource.Properties?.Target], template),
  'AWS::IAM::Policy': free('IAM'),
  'AWS::IAM::Role': free('IAM'),
  'AWS::IAM::ManagedPolicy': free('IAM'),
  'AWS::Lambda::EventSourceMapping': eventSourceMapping,
  'AWS::Lambda::Function': usage('per request and GB-second'),
  'AWS::Lambda::LayerVersion': free('code storage (75 GB included)'),
  'AWS::Lambda::Permission': free('IAM'),
  'AWS::Lambda::Alias': (resource) => {
    if (resource.Properties?.ProvisionedConcurrencyConfig)
      throw new Error('Provisioned concurrency on an alias: not priced by this model; add its price first.');
    return { kind: 'free', note: 'alias' };
  },
  'AWS::Logs::LogGroup': usage('per GB ingested and stored'),
  'AWS::S3::Bucket': usage('per GB stored and per request'),
  'AWS::S3::BucketPolicy': free('configuration'),
  'AWS::SQS::Queue': usage('per request'),
  'AWS::StepFunctions::StateMachine': usage('per state transition (standard workflow): the upgrade pipeline, a few cents per upgrade'),
  'AWS::SQS::QueuePolicy': free('configuration'),
  'AWS::SNS::Topic': usage('per notification (email: 1,000 a month free)'),
  'AWS::SNS::Subscription': free('configuration'),
  'AWS::SNS::TopicPolicy': free('configuration'),
  'AWS::XRay::SamplingRule': free('configuration (traces are priced per use)'),
  'Custom::CDKBucketDeployment': free('runs at deployment only (its function is priced on its own)'),
  'Custom::S3AutoDeleteObjects': free('runs at deployment only'),
  'Custom::LicenseSigningKey': free('control plane: creates the license signing key once, at deployment (SSM standard tier: no fee)'),
  // Fixed monthly prices: none of these is in the default template (test/infra asserts it).
  'AWS::KMS::Key': fixed(prices.kmsKeyMonth.usd, 'customer managed key'),
  'AWS::WAFv2::WebACL': (resource) => {
    const rules = (resource.Properties?.Rules ?? []).length;
    return { kind: 'fixed', monthlyUsd: prices.wafWebAclMonth.usd + rules * prices.wafRuleMonth.usd, note: `web ACL with ${rules} rules` };
  },
  'AWS::CloudWatch::Alarm': fixed(prices.alarmMonth.usd, 'standard-resolution alarm'),
  'AWS::CloudWatch::Dashboard': fixed(prices.dashboardMonth.usd, 'dashboard (three per account are free)'),
  'AWS::EC2::NatGateway': fixed(prices.natGatewayMonth.usd, 'NAT gateway, around the clock'),
  'AWS::EC2::VPCEndpoint': (resource) =>
    resource.Properties?.VpcEndpointType === 'Interface'
      ? {
          kind: 'fixed',
          monthlyUsd: Math.max(1, (resource.Properties?.SubnetIds ?? []).length) * prices.interfaceEndpointAzMonth.usd,
          note: 'interface endpoint, per AZ',
        }
      : { kind: 'free', note: 'gateway endpoint' },
  'AWS::SecretsManager::Secret': fixed(prices.secretMonth.usd, 'secret'),
  'AWS::Route53::HostedZone': fixed(prices.hostedZoneMonth.usd, 'hosted zone'),
};

function dynamoTable(resource: CfnResource): ResourcePricing {
  const mode = resource.Properties?.BillingMode;
  if (mode !== 'PAY_PER_REQUEST')
    throw new Error(`DynamoDB table with BillingMode ${mode ?? '(provisioned)'}: provisioned capacity is not priced by this model.`);
  const replicas = (resource.Properties?.Replicas ?? [{}]).length;
  if (replicas > 1) throw new Error(`DynamoDB global table with ${replicas} replicas: replicated writes are not priced by this model.`);
  return { kind: 'usage', note: 'on-demand: per request unit and GB stored' };
}

/** A schedule runs its targets while nobody uses the product: priced by its runs of the target function. */
function scheduled(schedule: string, targets: CfnJson[], template: CfnTemplate): ResourcePricing {
  const runs = runsPerMonth(schedule);
  let monthlyUsd = 0;
  for (const target of targets) {
    // A state machine target (the upgrade pipeline's hourly start): a run that finds nothing to do is a
    // few transitions and one short run of its step function.
    const machine = target?.Arn?.Ref ? template.Resources[target.Arn.Ref] : undefined;
    if (machine?.Type === 'AWS::StepFunctions::StateMachine') {
      const stepRun = prices.lambdaRequest.usd + 0.25 * SCHEDULED_RUN_SECONDS * prices.lambdaArmGbSecond.usd;
      monthlyUsd += runs * (IDLE_PIPELINE_TRANSITIONS * prices.sfnStateTransition.usd + stepRun);
      continue;
    }
    const targetId = target?.Arn?.['Fn::GetAtt']?.[0];
    const resource = targetId ? template.Resources[targetId] : undefined;
    // A queue target costs its send, its receive and a run of the function that consumes the queue.
    const fn = resource?.Type === 'AWS::SQS::Queue' ? queueConsumer(targetId as string, template) : resource;
    const queueRequests = resource?.Type === 'AWS::SQS::Queue' ? 3 : 0; // send, receive, delete
    if (fn?.Type !== 'AWS::Lambda::Function')
      throw new Error(`Schedule ${schedule}: only Lambda targets and queues a Lambda consumes are priced; got ${JSON.stringify(target?.Arn)}.`);
    // Billed duration assumed one second a run: a sweep that finds nothing to do.
    const gbSeconds = (Number(fn.Properties?.MemorySize ?? 128) / 1024) * SCHEDULED_RUN_SECONDS;
    const gbSecond = (fn.Properties?.Architectures ?? []).includes('arm64') ? prices.lambdaArmGbSecond.usd : prices.lambdaX86GbSecond.usd;
    monthlyUsd += runs * (prices.lambdaRequest.usd + gbSeconds * gbSecond + queueRequests * prices.sqsRequest.usd);
  }
  return { kind: 'fixed', monthlyUsd, note: `schedule ${schedule}: ${Math.round(runs)} runs a month of ${SCHEDULED_RUN_SECONDS} s`, withinAlwaysFree: true };
}

export const SCHEDULED_RUN_SECONDS = 1;

/** A rule whose State is DISABLED, or an Fn::If that the default parameters resolve to DISABLED (AutoUpdate auto). */
function isDisabledByDefault(resource: CfnResource, template: CfnTemplate): boolean {
  const state = resource.Properties?.State;
  if (state === 'DISABLED') return true;
  const choice = state?.['Fn::If'];
  if (!Array.isArray(choice)) return false;
  const [condition, whenTrue, whenFalse] = choice;
  const holds = evaluateCondition(template, { Condition: condition }, parameterValues(template));
  return (holds ? whenTrue : whenFalse) === 'DISABLED';
}
/** Settings, Plan, the choice and the end: what an hourly pipeline run that upgrades nothing transitions through. */
export const IDLE_PIPELINE_TRANSITIONS = 4;

/** The function an event source mapping feeds from this queue, if any. */
function queueConsumer(queueId: string, template: CfnTemplate): CfnResource | undefined {
  const mapping = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties?.EventSourceArn?.['Fn::GetAtt']?.[0] === queueId,
  );
  const functionId = mapping?.Properties?.FunctionName?.Ref;
  return typeof functionId === 'string' ? template.Resources[functionId] : undefined;
}

/** Runs a month of `rate(n unit)`; cron expressions are an error until someone needs them. */
export function runsPerMonth(schedule: string | undefined): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule ?? '');
  if (!rate) throw new Error(`Cannot price the schedule ${schedule}: only rate(...) expressions are understood.`);
  const seconds = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 }[rate[2] as 'minute'] * Number(rate[1]);
  return MONTH_SECONDS / seconds;
}

function eventSourceMapping(resource: CfnResource, template: CfnTemplate): ResourcePricing {
  const sourceArn = resource.Properties?.EventSourceArn;
  const sourceId = sourceArn?.['Fn::GetAtt']?.[0];
  const source = sourceId ? template.Resources[sourceId] : undefined;
  if (source?.Type === 'AWS::SQS::Queue') {
    return {
      kind: 'fixed',
      monthlyUsd: IDLE_SQS_POLLS_PER_MONTH * prices.sqsRequest.usd,
      note: `Lambda long-polls the empty queue: ~${(IDLE_SQS_POLLS_PER_MONTH / 1e3).toFixed(0)}k requests a month (estimate)`,
      withinAlwaysFree: true,
    };
  }
  if (source?.Type === 'AWS::DynamoDB::GlobalTable' || source?.Type === 'AWS::DynamoDB::Table') {
    return { kind: 'usage', note: 'stream reads by Lambda are free; per invocation of the function' };
  }
  throw new Error(`Event source mapping from ${JSON.stringify(sourceArn)}: this source is not priced by the model.`);
}

export function priceResource(logicalId: string, resource: CfnResource, template: CfnTemplate): ResourcePricing {
  const classify = resourcePricing[resource.Type];
  if (!classify) {
    throw new Error(
      `${logicalId} is a ${resource.Type}, which the cost model does not know: add its price to bench/cost/resource-pricing.ts (and docs/cost.md).`,
    );
  }
  return classify(resource, template);
}
