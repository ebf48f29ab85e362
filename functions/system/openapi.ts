/**
 * Generates the OpenAPI 3.1 document from the route declarations and their zod schemas
 * (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Public routes say `security: []`.
 */
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../platform/problem.js';
import { isPublic, type RouteDeclaration } from '../platform/route.js';

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
};

const problemResponse = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } });

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(route: RouteDeclaration): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
    }
  }
  return out;
}

function successContent(route: RouteDeclaration): Record<string, unknown> {
  if (!route.textContentTypes) return { 'application/json': { schema: toSchema(route.response, 'output') } };
  return Object.fromEntries(route.textContentTypes.map((type) => [type, { schema: { type: 'string' } }]));
}

export function buildOpenApi(routes: readonly RouteDeclaration[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      security: isPublic(route) ? [] : [{ bearerAuth: [] }],
      parameters: parametersOf(route),
      responses: {
        [String(route.status ?? 200)]: { description: 'Success', content: successContent(route) },
        '400': problemResponse('The request does not match the schema.'),
        ...(isPublic(route) ? {} : { '401': problemResponse('No valid token.'), '403': problemResponse('Not allowed.') }),
        '500': problemResponse('Internal error.'),
      },
    };
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } };
    }
    if (!isPublic(route) && 'action' in route.access) operation['x-ownstack-action'] = route.access.action;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ownstack API', version, description: 'The API of one Ownstack installation. Errors are application/problem+json (RFC 9457).' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An access token from the installation's user pool." },
      },
    },
  };
}
