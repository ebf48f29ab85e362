/**
 * The vendor console's fetch wrapper: the staff bearer token, a correlation id, problems as
 * `ApiProblem` (the SPA's own type, so its problem components work here too), and every
 * successful body checked against the route's shared schema.
 */
import type { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../../../../functions/platform/problem.js';
import { networkProblem, problemFromResponse, unexpectedResponseProblem } from '../../api/problem.js';

export interface AdminRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path of the control plane's admin API (functions/vendor/catalog.ts `vendorRoutes`). */
  path: `/admin/${string}`;
  response: S;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Readonly<Record<string, string>>;
}

export type AdminRequester = <S extends z.ZodType>(request: AdminRequest<S>) => Promise<z.output<S>>;

export function createAdminRequester(options: { baseUrl: string; token: string; onUnauthenticated?(): void; fetch?: typeof fetch }): AdminRequester {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return async (request) => {
    const correlationId = newCorrelationId();
    const headers: Record<string, string> = {
      ...request.headers,
      accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
      authorization: `Bearer ${options.token}`,
      'x-correlation-id': correlationId,
    };
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
      if (problem.isUnauthenticated) options.onUnauthenticated?.();
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

function newCorrelationId(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
