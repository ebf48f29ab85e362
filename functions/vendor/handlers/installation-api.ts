/** Lambda entry point of the installations' API. Wiring only: dependencies are built once per cold start. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createObservability } from '../../platform/observability.js';
import type { ApiEvent } from '../../platform/router.js';
import { loadVendorConfig } from '../config.js';
import { installationRoutes } from '../http/installation-routes.js';
import { createVendorRouter } from '../http/router.js';
import { createVendorServices } from '../services.js';

const { logger } = createObservability('vendor-installation-api');
const router = createVendorRouter(installationRoutes, { services: createVendorServices(loadVendorConfig()), log: logger });

export const handler = middy(async (event: ApiEvent) => router.handle(event)).use(injectLambdaContext(logger, { resetKeys: true }));
