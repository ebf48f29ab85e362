/** Wire schemas of API keys; shared with the SPA's typed client. The secret appears only in the create response. */
import { z } from 'zod';

/** Keys expire; a year is the longest an admin may choose. */
export const MAX_KEY_LIFETIME_DAYS = 365;

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(['read', 'write', 'admin'])),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().optional(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyView = z.infer<typeof apiKeySchema>;

export const apiKeyList = z.object({ items: z.array(apiKeySchema) });
export const createApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(['read', 'write', 'admin']))
      .min(1)
      .max(3),
    expiresInDays: z.number().int().min(1).max(MAX_KEY_LIFETIME_DAYS).default(90),
  })
  .strict();
export const createdApiKey = z.object({ key: apiKeySchema, secret: z.string().describe('The whole key. Shown once: store it now.') });
export const apiKeyParams = z.object({ keyId: z.string().regex(/^[0-9A-Z]{26}$/) });
