/** Lambda entry point of the HTTP API. Wiring only: dependencies are built once per cold start. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DEFAULT_SECURITY } from '../authz/settings-store.js';
import { loadConfig } from '../platform/config.js';
import { createObservability } from '../platform/observability.js';
import { type ApiEvent, createRouter } from '../platform/router.js';
import { routes } from '../routes.js';
import { createServices } from '../services.js';

const { logger, metrics, tracer } = createObservability('api');
const services = createServices(loadConfig());
// Parse the Cedar schema and built-in policies during init, not on the first request.
services.authorizers.forSettings(DEFAULT_SECURITY);
const router = createRouter(routes, { services, logger });

export const handler = middy(async (event: ApiEvent) => router.handle(event))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer));
