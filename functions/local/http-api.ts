/**
 * The local stand-in for the HTTP APIs in front of the API function. In the order API
 * Gateway applies them: bound the body (413), match the route table (404), run the JWT
 * authorizer on private routes (401), then invoke the very same Lambda handler with a
 * payload 2.0 event and write back its result. A refused request never reaches the handler.
 * Requests bearing an API key take the integration API's path: no JWT authorizer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { looksLikeApiKey } from '../apikeys/domain.js';
import { isPublic } from '../platform/route.js';
import type { ApiEvent, ApiResult } from '../platform/router.js';
import { PROBLEM_CONTENT_TYPE, type Problem, problem, internalProblem } from '../platform/problem.js';
import { readBody } from './http-body.js';
import { httpApiEvent, type VerifiedJwt } from './http-api-event.js';
import type { AuthorizerResult } from './jwt-authorizer.js';
import type { LocalLog } from './log.js';
import type { createRouteMatcher } from './route-matcher.js';

export interface HttpApiOptions {
  match: ReturnType<typeof createRouteMatcher>;
  authorize: (authorization: string | undefined) => Promise<AuthorizerResult>;
  invoke: (event: ApiEvent, requestId: string) => Promise<unknown>;
  /** Largest request body, as the HTTP API's payload limit. @default 1 MiB */
  maxBodyBytes?: number;
  log: LocalLog;
}

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function createHttpApi(options: HttpApiOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const rawPath = url.pathname;
    const fail = (p: Problem, extra: Record<string, string> = {}) => {
      res.writeHead(p.status, { ...BASE_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE, ...extra });
      res.end(JSON.stringify({ ...p, instance: rawPath }));
    };
    const done = (status: number, note = '') => options.log.info(`${method} ${rawPath} → ${status} ${Math.round(performance.now() - started)} ms${note}`);

    const body = await readBody(req, maxBodyBytes);
    if (!body.ok) {
      fail(problem(413, 'too-large', 'Request body too large', `The body is ${body.receivedBytes} bytes; the API accepts at most ${maxBodyBytes}.`));
      return done(413);
    }
    const match = options.match(method, rawPath);
    if (!match) {
      fail(problem(404, 'not-found', 'Not found', `No route for ${method} ${rawPath}.`));
      return done(404);
    }
    let jwt: VerifiedJwt | undefined;
    // An API key arrives, in AWS, on the integration API, which has no JWT authorizer: the
    // function verifies the key itself. One local origin serves both APIs.
    const viaIntegrationApi = isApiKeyBearer(req.headers.authorization);
    if (!isPublic(match.route) && !viaIntegrationApi) {
      const verdict = await options.authorize(req.headers.authorization);
      if (!verdict.ok) {
        const challenge = verdict.tokenPresent ? 'Bearer error="invalid_token"' : 'Bearer';
        fail(problem(401, 'unauthenticated', 'Unauthenticated', 'A valid bearer token is required.'), { 'www-authenticate': challenge });
        return done(401, ` (${verdict.reason})`);
      }
      jwt = { claims: verdict.claims, scopes: verdict.scopes };
    }

    const event = httpApiEvent(
      {
        method,
        rawPath,
        rawQueryString: url.search.slice(1),
        headers: req.headersDistinct,
        body: body.bytes,
        sourceIp: normalizeIp(req.socket.remoteAddress),
        protocol: `HTTP/${req.httpVersion}`,
        host: url.hostname,
        port: Number(url.port || 80),
      },
      match,
      jwt,
    );
    const requestId = event.requestContext.requestId;
    try {
      const result = await options.invoke(event, requestId);
      const status = writeResult(res, result, requestId);
      done(status);
    } catch (error) {
      options.log.error(`the API function failed on ${method} ${rawPath}: ${(error as Error).message}`);
      fail(internalProblem(requestId), { 'apigw-requestid': requestId });
      done(500);
    }
  };
}

function isApiKeyBearer(authorization: string | undefined): boolean {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return token !== undefined && looksLikeApiKey(token);
}

/** Writes a payload 2.0 result; like API Gateway, a bare value means 200 with a JSON body. */
function writeResult(res: ServerResponse, result: unknown, requestId: string): number {
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result ? (result as ApiResult) : undefined;
  if (!structured) {
    res.writeHead(200, { 'content-type': 'application/json', 'apigw-requestid': requestId });
    res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return 200;
  }
  const headers: Record<string, string | string[]> = { ...structured.headers, 'apigw-requestid': requestId };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  res.writeHead(structured.statusCode, headers);
  res.end(structured.body ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8') : undefined);
  return structured.statusCode;
}

const normalizeIp = (ip: string | undefined) => (ip ?? '127.0.0.1').replace(/^::ffff:/, '');
