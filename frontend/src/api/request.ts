/**
 * The small fetch wrapper under the typed client: adds the bearer token and a correlation
 * id, turns error responses into `ApiProblem`, and validates successful bodies with the
 * route's shared zod schema. Only `client.ts` calls it; components never do.
 */
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../../../functions/platform/problem.js';
import { type ApiProblem, networkProblem, problemFromResponse, unexpectedResponseProblem } from './problem.js';

export interface RequestOptions {
  /** Base URL of the API; '' means same origin. From `config.apiBaseUrl`. */
  baseUrl: string;
  /** The current access token, or undefined when signed out (the request goes without one). */
  getAccessToken(): Promise<string | undefined>;
  /** Called once per 401 before the problem is thrown, so the app can send the user to sign in. */
  onUnauthenticated?(problem: ApiProblem): void;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface ApiRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path from the route table, always under /api. */
  path: `/api/${string}`;
  response: S;
  body?: unknown;
  signal?: AbortSignal;
}

/** The response schema of a route that answers 204 No Content. */
export const noContent = z.undefined();

export type Requester = <S extends z.ZodType>(request: ApiRequest<S>) => Promise<z.output<S>>;

export function createRequester(options: RequestOptions): Requester {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  return async function send<S extends z.ZodType>(request: ApiRequest<S>): Promise<z.output<S>> {
    const correlationId = newCorrelationId();
    const headers: Record<string, string> = { accept: `application/json, ${PROBLEM_CONTENT_TYPE}`, 'x-correlation-id': correlationId };
    const token = await options.getAccessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw networkProblem(correlationId);
    }

    if (!response.ok) {
      const problem = await problemFromResponse(response, correlationId);
      if (problem.isUnauthenticated) options.onUnauthenticated?.(problem);
      throw problem;
    }

    let body: unknown;
    try {
      body = response.status === 204 ? undefined : await response.json();
    } catch {
      throw unexpectedResponseProblem(response.status, correlationId);
    }
    const parsed = request.response.safeParse(body);
    if (!parsed.success) throw unexpectedResponseProblem(response.status, correlationId);
    return parsed.data;
  };
}

/** A v4 UUID; crypto.randomUUID needs a secure context, which a LAN address over http is not. */
function newCorrelationId(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
