/** Client methods of API keys. Shapes come from functions/apikeys/schemas.ts; the secret is only in `createApiKey`'s answer. */
import type { z } from 'zod';
import { type ApiKeyView, apiKeyList, type createApiKeyBody, createdApiKey } from '../../../functions/apikeys/schemas.js';
import { noContent, type Requester } from './request.js';

export type { ApiKeyView as ApiKey };
export type NewApiKeyInput = z.input<typeof createApiKeyBody>;
export type CreatedApiKey = z.infer<typeof createdApiKey>;

export interface ApiKeysApi {
  /** GET /api/api-keys: newest first. */
  listApiKeys(signal?: AbortSignal): Promise<ApiKeyView[]>;
  /** POST /api/api-keys (201): the key and its secret, which is never shown again. */
  createApiKey(input: NewApiKeyInput): Promise<CreatedApiKey>;
  /** DELETE /api/api-keys/{keyId} (204): refused from the next request on. */
  revokeApiKey(keyId: string): Promise<void>;
}

export function apiKeysApi(send: Requester): ApiKeysApi {
  return {
    listApiKeys: async (signal) => (await send({ method: 'GET', path: '/api/api-keys', response: apiKeyList, signal })).items,
    createApiKey: (input) => send({ method: 'POST', path: '/api/api-keys', body: input, response: createdApiKey }),
    revokeApiKey: (keyId) => send({ method: 'DELETE', path: `/api/api-keys/${encodeURIComponent(keyId)}`, response: noContent }),
  };
}
