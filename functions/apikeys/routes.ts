/** HTTP routes of API keys. The secret leaves the API once, in the create response. */
import { z } from 'zod';
import { callerEvent, callerOf } from '../platform/caller.js';
import { NotFound } from '../platform/errors.js';
import { defineRoute, Reply } from '../platform/route.js';
import { type ApiKey, issueApiKey } from './domain.js';
import { type ApiKeyView, apiKeyList, apiKeyParams, createApiKeyBody, createdApiKey } from './schemas.js';

const view = ({ keyId, secretHash: _hidden, ...rest }: ApiKey): ApiKeyView => ({ id: keyId, ...rest });

export const listApiKeys = defineRoute({
  method: 'GET',
  path: '/api/api-keys',
  operationId: 'listApiKeys',
  summary: 'API keys, newest first (prefix, scopes, last used, created by)',
  tag: 'api-keys',
  access: { action: 'apikeys:manage' },
  response: apiKeyList,
  async handle({ services }) {
    return { items: (await services.apiKeys.list(100)).map(view) };
  },
});

export const createApiKey = defineRoute({
  method: 'POST',
  path: '/api/api-keys',
  operationId: 'createApiKey',
  summary: 'Create an API key; the secret is in this response only',
  tag: 'api-keys',
  access: { action: 'apikeys:manage' },
  body: createApiKeyBody,
  response: createdApiKey,
  status: 201,
  async handle(input) {
    const caller = callerOf(input);
    const { services } = caller;
    const { key, token } = issueApiKey({ ...input.body, createdBy: caller.principal.userId }, services.ids.next(), services.clock.now());
    const event = callerEvent(
      caller,
      'identity.apikey.created',
      { kind: 'apikey', id: key.keyId },
      { name: key.name, scopes: key.scopes, expiresAt: key.expiresAt },
    );
    await services.apiKeys.create(key, event);
    return { key: view(key), secret: token };
  },
});

export const revokeApiKey = defineRoute({
  method: 'DELETE',
  path: '/api/api-keys/{keyId}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key; it is refused from the next request on',
  tag: 'api-keys',
  access: { action: 'apikeys:manage' },
  params: apiKeyParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    const caller = callerOf(input);
    const key = await caller.services.apiKeys.get(input.params.keyId);
    if (!key) throw new NotFound('No such API key.');
    await caller.services.apiKeys.revoke(
      key.keyId,
      caller.services.clock.now(),
      callerEvent(caller, 'identity.apikey.revoked', { kind: 'apikey', id: key.keyId }, { name: key.name }),
    );
    return new Reply(undefined, 204);
  },
});

export const apiKeyRoutes = [listApiKeys, createApiKey, revokeApiKey];
