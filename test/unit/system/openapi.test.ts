import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPublic } from '../../../functions/platform/route.js';
import { routes } from '../../../functions/routes.js';
import { buildOpenApi } from '../../../functions/system/openapi.js';
import { OPENAPI_PATH, renderOpenApi } from '../../../scripts/write-openapi.js';

type Operation = { operationId: string; security: unknown[]; responses: Record<string, unknown> };
const doc = buildOpenApi(routes, '9.9.9') as { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every declared route once', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((o) => o.operationId).sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  it('marks public operations with an empty security list and private ones with the bearer scheme', () => {
    for (const route of routes) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.security, route.operationId).toEqual(isPublic(route) ? [] : [{ bearerAuth: [] }]);
      if (!isPublic(route)) expect(Object.keys(operation?.responses ?? {})).toContain('401');
    }
  });

  it('is written to docs/ exactly as generated (run `npm run openapi` after changing a route)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });
});
