/** Lambda entry point of the HTTP API. Wiring only: dependencies are built once per cold start. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DEFAULT_SECURITY } from '../authz/settings-store.js';
import { apiCallQuota } from '../licensing/api-call-quota.js';
import { apiCallCounter } from '../licensing/api-calls.js';
import { loadConfig } from '../platform/config.js';
import { createObservability } from '../platform/observability.js';
import { type ApiEvent, createRouter } from '../platform/router.js';
import { routes } from '../routes.js';
import { createServices } from '../services.js';

const { logger, metrics, tracer } = createObservability('api');
const services = createServices(loadConfig());
// Parse the Cedar schema and built-in policies during init, not on the first request.
services.authorizers.forSettings(DEFAULT_SECURITY);
// Authenticated calls are counted in memory and flushed at most every 30 s (the apiCalls meter).
const apiCalls = apiCallCounter(services.db, services.tableName, {
  onFlushError: (error, dropped) => logger.warn('API call count not written; dropped', { dropped, reason: (error as Error).message }),
});
// Integrations (API keys) stop at the plan's monthly quota; people signed in never do.
const quota = apiCallQuota(services.apiCalls, services.entitlements);
const router = createRouter(routes, {
  services,
  logger,
  onAuthenticated: async (caller) => {
    const now = services.clock.now();
    apiCalls.count(now);
    if (caller.via === 'apiKey') await quota.check(now);
  },
});

export const handler = middy(async (event: ApiEvent) => {
  const result = await router.handle(event);
  await apiCalls.flushIfDue(services.clock.now());
  return result;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
