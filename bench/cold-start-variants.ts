/**
 * What each cold start runs: every catalog function's synthesized bundle with the
 * environment Lambda would give it and a representative event, the minimal handler as the
 * yardstick, and two pieces of the API bundle on their own (Cedar, the AWS SDK clients).
 */
import { readFileSync } from 'node:fs';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { dirname, join } from 'node:path';
import { functionCatalog } from '../functions/catalog.js';
import type { ColdStartVariant } from './cold-start.js';
import { BENCH_REGION } from './database.js';
import { aDomainEvent, apiEvent, preTokenEvent, sqsBatchOf, streamBatchOf } from './lambda-events.js';
import { resolveEnvironment, type SynthesizedFunction } from './synth.js';

export interface VariantInputs {
  functions: readonly SynthesizedFunction[];
  minimalBundle: string;
  authorizerBundle: string;
  tableName: string;
  dynamoEndpoint: string;
  eventBridgeEndpoint: string;
  /** A user that exists in the table, signed in: claims as the JWT authorizer passes them. */
  claims: Record<string, string>;
  userId: string;
}

/** What every Lambda environment has, with placeholders where AWS would put real values. */
function lambdaBase(name: string, memoryMb: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    AWS_REGION: BENCH_REGION,
    AWS_DEFAULT_REGION: BENCH_REGION,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    // Placeholders for the local endpoints, which accept any credentials; not secrets.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // Tracing needs the X-Ray daemon and metrics go to CloudWatch: both off here (see docs/performance.md).
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

const statusIs = (expected: number) => (answer: unknown) => {
  const status = (answer as { statusCode?: unknown } | null)?.statusCode;
  return status === expected ? undefined : `statusCode ${String(status)}, expected ${expected}`;
};

const noBatchFailures = (answer: unknown) => {
  const failures = (answer as { batchItemFailures?: unknown[] } | null)?.batchItemFailures;
  return Array.isArray(failures) && failures.length === 0 ? undefined : `batchItemFailures ${JSON.stringify(failures)}`;
};

/** Values for the template's resource references (parameters fall back to their defaults). */
const STAND_INS = (tableName: string): Record<string, string> => ({
  TABLE_NAME: tableName,
  INITIAL_OWNER_EMAIL: 'owner@example.com',
  EVENT_BUS_NAME: 'ownstack-bench',
  USER_POOL_ID: 'us-east-1_bench0000',
  JOB_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/ownstack-bench-jobs',
  BLOB_BUCKET: 'ownstack-bench-files',
  // The worker's update check never runs in a cold start; a loopback URL keeps it off the network if it did.
  UPDATE_MANIFEST_URL: 'http://127.0.0.1:9/ownstack/channels/bench/stable.json',
  // The installation's own origin (CloudFront's domain in AWS): only billing redirects read it.
  WEB_ORIGIN: 'https://ownstack-bench.example.com',
});

export function coldStartVariants(inputs: VariantInputs): ColdStartVariant[] {
  const fn = (name: keyof typeof functionCatalog) => {
    const found = inputs.functions.find((f) => f.name === name);
    if (!found) throw new Error(`No synthesized bundle for ${name}.`);
    const declaration = functionCatalog[name];
    const env = {
      ...lambdaBase(`ownstack-${name}`, declaration.memoryMb),
      ...resolveEnvironment(found, STAND_INS(inputs.tableName)),
    };
    const module = join(found.assetDir, 'index.mjs');
    const probed = { name, memoryMb: declaration.memoryMb, timeoutSeconds: declaration.timeoutSeconds };
    return { found, env, module, probed };
  };
  const api = fn('api');
  const apiEnv = { ...api.env, DYNAMODB_ENDPOINT: inputs.dynamoEndpoint };
  const worker = fn('jobWorker');
  const publisher = fn('outboxPublisher');
  const enricher = fn('tokenEnricher');
  const minimalEnv = { ...lambdaBase('bench-minimal', 1024), TABLE_NAME: inputs.tableName, DYNAMODB_ENDPOINT: inputs.dynamoEndpoint };

  return [
    {
      id: 'minimal',
      label: 'minimal handler (GetItem)',
      cwd: dirname(inputs.minimalBundle),
      env: minimalEnv,
      plan: () => ({ kind: 'handler', module: inputs.minimalBundle, events: [{ userId: inputs.userId }, { userId: inputs.userId }], function: api.probed }),
      check: statusIs(200),
    },
    {
      id: 'api-health',
      label: 'api: GET /api/health',
      cwd: api.found.assetDir,
      env: apiEnv,
      plan: () => ({ kind: 'handler', module: api.module, events: [healthEvent(), healthEvent()], function: api.probed }),
      check: statusIs(200),
    },
    {
      id: 'api-me',
      label: 'api: GET /api/me (signed in)',
      cwd: api.found.assetDir,
      env: apiEnv,
      plan: () => ({ kind: 'handler', module: api.module, events: [meEvent(inputs.claims), meEvent(inputs.claims)], function: api.probed }),
      check: statusIs(200),
    },
    {
      id: 'job-worker',
      label: 'jobWorker: SQS batch of 1 event',
      cwd: worker.found.assetDir,
      env: { ...worker.env, DYNAMODB_ENDPOINT: inputs.dynamoEndpoint },
      plan: () => ({
        kind: 'handler',
        module: worker.module,
        events: [sqsBatchOf(aDomainEvent(inputs.userId)), sqsBatchOf(aDomainEvent(inputs.userId))],
        function: worker.probed,
      }),
      check: noBatchFailures,
    },
    {
      id: 'outbox-publisher',
      label: 'outboxPublisher: 1 stream record → PutEvents',
      cwd: publisher.found.assetDir,
      env: { ...publisher.env, EVENTBRIDGE_ENDPOINT: inputs.eventBridgeEndpoint },
      plan: () => ({
        kind: 'handler',
        module: publisher.module,
        events: [streamBatchOf(aDomainEvent(inputs.userId)), streamBatchOf(aDomainEvent(inputs.userId))],
        function: publisher.probed,
      }),
      check: noBatchFailures,
    },
    {
      id: 'token-enricher',
      label: 'tokenEnricher: pre token generation',
      cwd: enricher.found.assetDir,
      env: enricher.env,
      plan: () => ({ kind: 'handler', module: enricher.module, events: [preTokenEvent(), preTokenEvent()], function: enricher.probed }),
      check: (answer) => {
        const added = (answer as PreTokenGenerationV2TriggerEvent | null)?.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride;
        return added?.email ? undefined : 'no email claim added';
      },
    },
    {
      id: 'cedar-only',
      label: 'api part: Cedar wasm alone (require)',
      cwd: api.found.assetDir,
      env: lambdaBase('bench-cedar', 1024),
      plan: () => ({ kind: 'require', from: api.module, specifiers: ['@cedar-policy/cedar-wasm/nodejs'] }),
    },
    {
      id: 'cedar-authorizer',
      label: 'api part: Cedar authorizer (1st = build, 2nd = 1st decision)',
      cwd: dirname(inputs.authorizerBundle),
      env: lambdaBase('bench-authorizer', 1024),
      plan: () => ({
        kind: 'handler',
        module: inputs.authorizerBundle,
        events: [{ step: 'build' }, { step: 'decide' }, { step: 'decide' }],
        function: api.probed,
      }),
      check: statusIs(200),
    },
    {
      id: 'sdk-dynamodb-only',
      label: 'minimal part: @aws-sdk/client-dynamodb alone',
      cwd: dirname(inputs.minimalBundle),
      env: lambdaBase('bench-sdk-dynamodb', 1024),
      plan: () => ({ kind: 'import', specifiers: sdkImportsOf(inputs.minimalBundle) }),
    },
    {
      id: 'sdk-only',
      label: `api part: its AWS SDK packages alone (${sdkImportsOf(api.module).length})`,
      cwd: api.found.assetDir,
      env: lambdaBase('bench-sdk', 1024),
      plan: () => ({ kind: 'import', specifiers: sdkImportsOf(api.module) }),
    },
  ];
}

const healthEvent = () => apiEvent({ method: 'GET', path: '/api/health' });
const meEvent = (claims: Record<string, string>) => apiEvent({ method: 'GET', path: '/api/me', claims });

/** The external `@aws-sdk/*` packages a bundle imports (Lambda's runtime provides them). */
export function sdkImportsOf(bundle: string): string[] {
  const source = readFileSync(bundle, 'utf8');
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:from\s*|import\s*\(\s*)["'](@aws-sdk\/[a-z0-9-]+)["']/g)) if (match[1]) found.add(match[1]);
  return [...found].sort();
}
