/**
 * The control plane's router: API Gateway HTTP API (payload 2.0) event in, response out.
 * In order: find the route (404), bound the body before reading it (413), authenticate
 * as the route says (401/403, one body for every signature failure), validate input
 * (400), run the use case, map errors to problem+json. No use case runs before all pass.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ZodError, z } from 'zod';
import { MAX_CONTROL_PLANE_BODY_BYTES } from '../../licensing/control-plane-api.js';
import { DomainError } from '../../platform/errors.js';
import { internalProblem, PROBLEM_CONTENT_TYPE, type Problem, problem, problemFromDomainError, problemFromZodError } from '../../platform/problem.js';
import type { RequestMeta } from '../../platform/route.js';
import type { ApiEvent, ApiResult } from '../../platform/router.js';
import { TooManyAttempts } from '../installations/activation-codes.js';
import type { VendorServices } from '../services.js';
import { adminFromClaims } from './admin-auth.js';
import { type VendorAdmin, VendorReply, type VendorRouteDeclaration, vendorRouteKey } from './route.js';
import { authenticateSignedRequest } from './signed-auth.js';

export type VendorRouterLog = Pick<Logger, 'warn' | 'error'>;

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

class InputError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
  }
}

/** The one answer to every failed signature check: which check failed stays in the log. */
const BAD_SIGNATURE = () =>
  new InputError(problem(401, 'unauthenticated', 'Unauthenticated', 'The request is not signed by a registered installation, or it is stale or replayed.'));

export function createVendorRouter(routes: readonly VendorRouteDeclaration[], deps: { services: VendorServices; log: VendorRouterLog }) {
  const byKey = new Map(routes.map((route) => [vendorRouteKey(route), route]));
  const { services, log } = deps;

  async function handle(event: ApiEvent): Promise<ApiResult> {
    const headers = lowerCaseHeaders(event.headers);
    const request: RequestMeta = {
      requestId: event.requestContext.requestId,
      correlationId:
        headers['x-correlation-id'] && CORRELATION_ID.test(headers['x-correlation-id']) ? headers['x-correlation-id'] : event.requestContext.requestId,
      sourceIp: event.requestContext.http.sourceIp,
      userAgent: (headers['user-agent'] ?? '').slice(0, 512),
      headers,
    };
    const respond = (status: number, body: unknown, extra: Record<string, string> = {}, contentType = 'application/json'): ApiResult => ({
      statusCode: status,
      headers: { ...BASE_HEADERS, ...(body === undefined ? {} : { 'content-type': contentType }), 'x-correlation-id': request.correlationId, ...extra },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    const fail = (p: Problem, extra: Record<string, string> = {}) => respond(p.status, { ...p, instance: event.rawPath }, extra, PROBLEM_CONTENT_TYPE);

    const route = byKey.get(event.routeKey);
    if (!route) return fail(problem(404, 'not-found', 'Not found', `No route for ${event.requestContext.http.method} ${event.rawPath}.`));

    try {
      const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
      if (bytes.byteLength > MAX_CONTROL_PLANE_BODY_BYTES) {
        throw new InputError(
          problem(
            413,
            'too-large',
            'Request body too large',
            `The body is ${bytes.byteLength} bytes; the control plane accepts at most ${MAX_CONTROL_PLANE_BODY_BYTES}.`,
          ),
        );
      }
      const bodyText = bytes.toString('utf8');
      let installationId: string | undefined;
      let admin: VendorAdmin | undefined;
      if (route.auth === 'signed') {
        const path = event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath;
        const verdict = await authenticateSignedRequest(
          { method: event.requestContext.http.method, path, body: bodyText },
          headers,
          services.signedRequestKeys,
          Math.floor(services.clock.now().getTime() / 1000),
        );
        if (!verdict.ok) {
          log.warn('signed request refused', { reason: verdict.reason });
          throw BAD_SIGNATURE();
        }
        installationId = verdict.installationId;
      } else if (route.auth === 'admin') {
        const verdict = adminFromClaims(event.requestContext.authorizer?.jwt?.claims);
        if (!verdict.ok) {
          log.warn('admin request refused', { reason: verdict.reason });
          throw verdict.reason === 'no-claims'
            ? new InputError(problem(401, 'unauthenticated', 'Unauthenticated', 'A valid bearer token is required.'), { 'www-authenticate': 'Bearer' })
            : new InputError(problem(403, 'forbidden', 'Forbidden', 'Only vendor staff may use the admin API.'));
        }
        admin = verdict.admin;
      }
      const result = await route.handle({
        params: parse(route.params, decodedPathParameters(event.pathParameters), 'path'),
        query: parse(route.query, event.queryStringParameters ?? {}, 'query'),
        body: route.body ? parse(route.body, jsonBody(bodyText, headers), 'body') : undefined,
        request,
        services,
        installationId,
        admin,
      });
      if (result instanceof VendorReply) return respond(result.status, result.body);
      if (result === undefined) return respond(204, undefined);
      return respond(route.status ?? 200, result);
    } catch (error) {
      if (error instanceof InputError) return fail(error.problem, error.headers);
      if (error instanceof TooManyAttempts) {
        return fail(problem(429, 'too-many-requests', 'Too many requests', error.message), { 'retry-after': String(error.retryAfterSeconds) });
      }
      if (error instanceof DomainError) return fail(problemFromDomainError(error));
      log.error('unhandled error', error as Error);
      return fail(internalProblem(request.requestId));
    }
  }

  return { handle, routes: byKey };
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(problemFromZodError(result.error as ZodError, where));
  return result.data;
}

function jsonBody(text: string, headers: Record<string, string>): unknown {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new InputError(problem(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as application/json (got "${type || 'none'}").`));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(problem(400, 'invalid', 'Invalid request', 'The body is not valid JSON.'));
  }
}

function decodedPathParameters(parameters: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters ?? {})) {
    if (v === undefined) continue;
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

function lowerCaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}
