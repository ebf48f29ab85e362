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
  /** Extra request headers a route needs: `if-match`, `idempotency-key`. */
  headers?: Readonly<Record<string, string>>;
}

/** A successful answer with what some routes say in headers (the ETag of a document or project). */
export interface ApiResponse<T> {
  data: T;
  status: number;
  /** The `ETag` response header, as sent (`"<version>"`); undefined when the route sends none. */
  etag?: string;
}

/** The response schema of a route that answers 204 No Content. */
export const noContent = z.undefined();

export interface Requester {
  <S extends z.ZodType>(request: ApiRequest<S>): Promise<z.output<S>>;
  /** The same request, answering the body together with the status and the ETag. */
  exchange<S extends z.ZodType>(request: ApiRequest<S>): Promise<ApiResponse<z.output<S>>>;
  /** A GET of a route that answers text (CSV, JSON lines): the body as is, and the response headers. */
  text(request: { path: `/api/${string}`; accept: string; signal?: AbortSignal }): Promise<{ body: string; headers: Headers }>;
}

export function createRequester(options: RequestOptions): Requester {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function exchange<S extends z.ZodType>(request: ApiRequest<S>): Promise<ApiResponse<z.output<S>>> {
    const correlationId = newCorrelationId();
    const headers: Record<string, string> = {
      ...request.headers,
      accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
      'x-correlation-id': correlationId,
    };
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
    return { data: parsed.data, status: response.status, etag: response.headers.get('etag') ?? undefined };
  }

  async function text(request: { path: `/api/${string}`; accept: string; signal?: AbortSignal }) {
    const correlationId = newCorrelationId();
    const headers: Record<string, string> = { accept: `${request.accept}, ${PROBLEM_CONTENT_TYPE}`, 'x-correlation-id': correlationId };
    const token = await options.getAccessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${request.path}`, { method: 'GET', headers, signal: request.signal });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw networkProblem(correlationId);
    }
    if (!response.ok) {
      const problem = await problemFromResponse(response, correlationId);
      if (problem.isUnauthenticated) options.onUnauthenticated?.(problem);
      throw problem;
    }
    return { body: await response.text(), headers: response.headers };
  }

  const send = (<S extends z.ZodType>(request: ApiRequest<S>) => exchange(request).then((answer) => answer.data)) as Requester;
  send.exchange = exchange;
  send.text = text;
  return send;
}

/** A fresh `Idempotency-Key`: one per attempt the user starts, reused when that attempt is retried. */
export function newIdempotencyKey(): string {
  return newCorrelationId();
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
