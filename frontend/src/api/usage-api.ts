/**
 * GET /api/usage: how much of each metered quota the installation uses, against the limits
 * in force (projects, documents, storage in bytes). Shape from functions/entitlements/schemas.ts.
 */
import { type UsageView, usageSchema } from '../../../functions/entitlements/schemas.js';
import type { Requester } from './request.js';

export type { UsageView as Usage };

export interface UsageApi {
  getUsage(signal?: AbortSignal): Promise<UsageView>;
}

export function usageApi(send: Requester): UsageApi {
  return { getUsage: (signal) => send({ method: 'GET', path: '/api/usage', response: usageSchema, signal }) };
}
