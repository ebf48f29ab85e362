/** Wire schema of usage against the quotas in force; shared with the SPA's typed client. */
import { z } from 'zod';

const meter = z.object({ used: z.number().int().nonnegative(), limit: z.number().int().nonnegative() });

export const usageSchema = z
  .object({
    plan: z.string(),
    projects: meter,
    documents: meter,
    /** Bytes of attachments (document bodies do not count). */
    storageBytes: meter,
  })
  .meta({ id: 'Usage' });
export type UsageView = z.infer<typeof usageSchema>;
