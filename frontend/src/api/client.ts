/**
 * The typed API client: one method per route the SPA uses, each typed by the shared wire
 * schema of its module (functions/<module>/schemas.ts). The only place that knows paths.
 */
import { type Me, meResponse } from '../../../functions/identity/schemas.js';
import { createRequester, type RequestOptions } from './request.js';

export type { Me };
export { ApiProblem } from './problem.js';

export interface ApiClient {
  /** GET /api/me: who I am, my role and the entitlements in force. */
  getMe(signal?: AbortSignal): Promise<Me>;
}

export function createApiClient(options: RequestOptions): ApiClient {
  const send = createRequester(options);
  return {
    getMe: (signal) => send({ method: 'GET', path: '/api/me', response: meResponse, signal }),
  };
}
