import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../functions/authz/actions.js';
import { isPublic, routeKeyOf } from '../../../functions/platform/route.js';
import { routes } from '../../../functions/routes.js';

/** Public routes are a short, reviewed list: adding one means changing this test on purpose. */
const DOCUMENTED_PUBLIC = ['GET /api/health', 'GET /api/openapi.json'];

describe('the route table', () => {
  it('has exactly the documented public routes', () => {
    expect(routes.filter(isPublic).map(routeKeyOf).sort()).toEqual([...DOCUMENTED_PUBLIC].sort());
  });

  it('names a known authorization action on every private route', () => {
    for (const route of routes.filter((r) => !isPublic(r))) {
      const action = 'action' in route.access ? route.access.action : undefined;
      expect(action && action in ACTIONS, `${routeKeyOf(route)} must declare a known action`).toBe(true);
    }
  });

  it('has unique route keys and operation ids, all under /api', () => {
    expect(new Set(routes.map(routeKeyOf)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => r.operationId)).size).toBe(routes.length);
    for (const route of routes) expect(route.path).toMatch(/^\/api(\/|$)/);
  });
});
