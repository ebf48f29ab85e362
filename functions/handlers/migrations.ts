/**
 * Lambda entry point of the data migrations, invoked by the upgrade after the stack update
 * (docs/migrations.md): `{}` runs what is pending for up to the function's timeout and
 * answers `{ done, steps }`; invoke again while `done` is false. Wiring only.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { handleMigrationRequest } from '../migrations/invocation.js';
import { migrations } from '../migrations/registry.js';
import { loadConfigPart } from '../platform/config.js';
import { createDocumentClient } from '../platform/dynamo.js';
import { ulidSource } from '../platform/ids.js';
import { createObservability } from '../platform/observability.js';
import { systemClock } from '../platform/ports.js';

const { logger, metrics, tracer } = createObservability('migrations');
const config = loadConfigPart(['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'OWNSTACK_VERSION']);
const deps = { db: createDocumentClient(config), tableName: config.TABLE_NAME, clock: systemClock, ids: ulidSource };

export const handler = middy(async (event: unknown, context: Context) => {
  const outcome = await handleMigrationRequest(deps, migrations, event, {
    deployedVersion: config.OWNSTACK_VERSION,
    remainingMs: context.getRemainingTimeInMillis(),
  });
  if ('steps' in outcome) logger.info('migrations ran', { done: outcome.done, steps: outcome.steps });
  return outcome;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
