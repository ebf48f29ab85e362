/**
 * Builds the event an API Gateway HTTP API (payload format 2.0) gives its Lambda, from a
 * plain HTTP request: lower-cased headers (repeats joined by commas), cookies split out,
 * query parameters joined the same way, path parameters from the matched route, the body
 * as text or base64, and the JWT authorizer's verified claims.
 */
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from '../platform/router.js';
import type { AuthorizerClaims } from './jwt-authorizer.js';
import { LOCAL_ACCOUNT_ID } from './local-aws.js';
import type { RouteMatch } from './route-matcher.js';

export interface HttpRequestParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  /** Header name → every value received (Node's `headersDistinct`). */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
  sourceIp: string;
  protocol: string;
  host: string;
  port: number;
}

export interface VerifiedJwt {
  claims: AuthorizerClaims;
  scopes: string[];
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

export function httpApiEvent(request: HttpRequestParts, match: RouteMatch, jwt?: VerifiedJwt, now = new Date()): ApiEvent {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(request.headers)) {
    if (!values || values.length === 0) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') cookies = values.flatMap((v) => v.split(/;\s*/)).filter(Boolean);
    else headers[key] = values.join(',');
  }
  // What API Gateway adds in front of every integration.
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(request.port);

  const requestId = randomUUID();
  const hasBody = request.body.byteLength > 0;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(request.rawQueryString ? { queryStringParameters: queryParameters(request.rawQueryString) } : {}),
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName: request.host,
      domainPrefix: request.host.split('.')[0] ?? request.host,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
      ...(jwt ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: jwt.claims, scopes: jwt.scopes } } } : {}),
    },
  };
}

/** Repeated keys are joined with commas, as API Gateway does. */
function queryParameters(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = key in out ? `${out[key]},${value}` : value;
  return out;
}

/** `24/Nov/2026:10:00:00 +0000`, the format of `requestContext.time`. */
function apiGatewayTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
