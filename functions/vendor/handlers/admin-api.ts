/** Lambda entry point of the vendor console's API (behind the staff JWT authorizer). Wiring only. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createObservability } from '../../platform/observability.js';
import type { ApiEvent } from '../../platform/router.js';
import { loadVendorConfig } from '../config.js';
import { adminRoutes } from '../http/admin-routes.js';
import { createVendorRouter } from '../http/router.js';
import { createVendorServices } from '../services.js';

const { logger } = createObservability('vendor-admin-api');
const router = createVendorRouter(adminRoutes, { services: createVendorServices(loadVendorConfig()), log: logger });

export const handler = middy(async (event: ApiEvent) => router.handle(event)).use(injectLambdaContext(logger, { resetKeys: true }));
