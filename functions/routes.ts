/**
 * The route table of the API function: every HTTP route of the product, in one list.
 * Read by the CDK stack (HTTP API routes and authorizer), the local runtime (routing and
 * token checks), the OpenAPI generator and the authorization test. Add a module's routes
 * here and nowhere else.
 */
import { z } from 'zod';
import { apiKeyRoutes } from './apikeys/routes.js';
import { attachmentRoutes } from './attachments/routes.js';
import { auditRoutes } from './audit/routes.js';
import { securityRoutes } from './authz/routes.js';
import { documentRoutes } from './documents/routes.js';
import { entitlementRoutes } from './entitlements/routes.js';
import { exportRoutes } from './exports/routes.js';
import { flagRoutes } from './flags/routes.js';
import { groupRoutes } from './groups/routes.js';
import { identityRoutes } from './identity/routes.js';
import { billingRoutes } from './licensing/routes.js';
import { defineRoute, type RouteDeclaration } from './platform/route.js';
import { projectRoutes } from './projects/routes.js';
import { buildOpenApi } from './system/openapi.js';
import { getHealth } from './system/routes.js';
import { updateRoutes } from './upgrades/routes.js';

let openApiDocument: Record<string, unknown> | undefined;

export const getOpenApi = defineRoute({
  method: 'GET',
  path: '/api/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This API described as OpenAPI 3.1',
  tag: 'system',
  access: { public: true },
  response: z.record(z.string(), z.unknown()),
  async handle({ services }) {
    openApiDocument ??= buildOpenApi(routes, services.config.OWNSTACK_VERSION);
    return openApiDocument;
  },
});

export const routes: readonly RouteDeclaration[] = [
  getHealth,
  getOpenApi,
  ...identityRoutes,
  ...groupRoutes,
  ...apiKeyRoutes,
  ...securityRoutes,
  ...auditRoutes,
  ...projectRoutes,
  ...documentRoutes,
  ...entitlementRoutes,
  ...attachmentRoutes,
  ...exportRoutes,
  ...updateRoutes,
  ...billingRoutes,
  ...flagRoutes,
];
