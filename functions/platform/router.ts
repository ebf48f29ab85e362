/**
 * Turns an API Gateway HTTP API (payload v2) event into a route call and its result into
 * a response. In order: find the route, resolve the principal from verified claims,
 * authorize the route's action, validate input, run the use case, map errors. No route
 * runs its use case before all of these pass.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ZodError, z } from 'zod';
import type { Action } from '../authz/actions.js';
import type { ResourceGrants } from '../authz/engine.js';
import type { SecuritySettings } from '../authz/settings-store.js';
import { resolveCaller } from '../identity/caller.js';
import type { Services } from '../services.js';
import { DomainError, Forbidden } from './errors.js';
import type { Principal } from './principal.js';
import { internalProblem, PROBLEM_CONTENT_TYPE, type Problem, problem, problemFromDomainError, problemFromZodError } from './problem.js';
import { DEFAULT_MAX_BODY_BYTES, isPublic, Reply, type RequestMeta, type RouteDeclaration, routeKeyOf, TextReply } from './route.js';

/** The event may lack an authorizer block: public routes have none. */
export type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};
export type ApiResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

class InputError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export interface RouterDeps {
  services: Services;
  logger: Logger;
  /**
   * Told of every call whose caller was authenticated (the API-call meter and the monthly
   * quota of integrations, functions/licensing/). A domain error it throws is the answer.
   */
  onAuthenticated?: (caller: Principal) => void | Promise<void>;
}

export function createRouter(routes: readonly RouteDeclaration[], { services, logger, onAuthenticated }: RouterDeps) {
  const byKey = new Map(routes.map((route) => [routeKeyOf(route), route]));

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
    logger.appendKeys({ correlationId: request.correlationId, route: event.routeKey });
    const respond = (status: number, body: unknown, extra: Record<string, string> = {}, contentType = 'application/json'): ApiResult => ({
      statusCode: status,
      headers: { ...BASE_HEADERS, ...(body === undefined ? {} : { 'content-type': contentType }), 'x-correlation-id': request.correlationId, ...extra },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    const fail = (p: Problem) =>
      respond(p.status, { ...p, instance: event.rawPath }, p.status === 401 ? { 'www-authenticate': 'Bearer' } : {}, PROBLEM_CONTENT_TYPE);

    const route = byKey.get(event.routeKey);
    if (!route) return fail(problem(404, 'not-found', 'Not found', `No route for ${event.requestContext.http.method} ${event.rawPath}.`));

    try {
      let principal: Principal | undefined;
      let security: SecuritySettings | undefined;
      let authorize: (action: Action, resource?: ResourceGrants) => void = () => {
        throw new Forbidden('A public route cannot authorize an action.');
      };
      if (!isPublic(route)) {
        const [caller, settings] = await Promise.all([resolveCaller(event.requestContext.authorizer?.jwt?.claims, request, services), services.settings.get()]);
        principal = caller;
        security = settings;
        await onAuthenticated?.(caller);
        logger.appendKeys({ userId: caller.userId, via: caller.via });
        authorize = (action, resource) => decide(caller, action, settings, resource);
        if ('action' in route.access) authorize(route.access.action);
      }
      const input = {
        params: parse(route.params, decodedPathParameters(event.pathParameters), 'path'),
        query: parse(route.query, event.queryStringParameters ?? {}, 'query'),
        body: route.body ? parse(route.body, readJsonBody(event, headers, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), 'body') : undefined,
        principal,
        security,
        request,
        services,
        authorize,
      };
      const result = await route.handle(input);
      if (result instanceof Reply) return respond(result.status ?? route.status ?? 200, result.body, result.headers);
      if (result instanceof TextReply) {
        return {
          statusCode: result.status,
          headers: { ...BASE_HEADERS, 'content-type': result.contentType, 'x-correlation-id': request.correlationId, ...result.headers },
          body: result.body,
        };
      }
      return respond(route.status ?? 200, result);
    } catch (error) {
      if (error instanceof InputError) return fail(error.problem);
      if (error instanceof DomainError) {
        if (error.kind === 'unauthenticated' || error.kind === 'forbidden') logger.warn('request refused', { reason: error.message });
        return fail(problemFromDomainError(error));
      }
      logger.error('unhandled error', error as Error);
      return fail(internalProblem(request.requestId));
    } finally {
      logger.removeKeys(['userId', 'via', 'correlationId', 'route']);
    }
  }

  function decide(principal: Principal, action: Action, security: SecuritySettings, resource?: ResourceGrants) {
    const decision = services.authorizers.forSettings(security).decide({
      resource,
      // The principal exists only for active users: deactivated ones were refused already.
      subject: { userId: principal.userId, email: principal.email, role: principal.role, groupIds: principal.groupIds, active: true },
      action,
      context: { authMethod: principal.via, mfa: principal.mfa, scopes: principal.scopes, requireMfaForAdmin: security.requireMfaForAdmin },
    });
    if (decision.errors.length > 0) logger.error('authorization evaluation errors; denied', { action, errors: decision.errors });
    if (!decision.allowed) throw new Forbidden(`You may not perform ${action}.`, { action });
  }

  return { handle, routes: byKey };
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(problemFromZodError(result.error as ZodError, where));
  return result.data;
}

function readJsonBody(event: ApiEvent, headers: Record<string, string>, maxBytes: number): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new InputError(problem(413, 'too-large', 'Request body too large', `The body is ${bytes.byteLength} bytes; this route accepts at most ${maxBytes}.`));
  }
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new InputError(problem(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as application/json (got "${type || 'none'}").`));
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InputError(problem(400, 'invalid', 'Invalid request', 'The body is not valid JSON.'));
  }
}

/** Path parameters may arrive percent-encoded (e.g. `%40` in an email); decode each once. */
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
