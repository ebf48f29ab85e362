/** Public, unauthenticated system routes. Cheap by design: they touch no table. */
import { z } from 'zod';
import { defineRoute } from '../platform/route.js';

export const getHealth = defineRoute({
  method: 'GET',
  path: '/api/health',
  operationId: 'getHealth',
  summary: 'Liveness: the API function answers, and which version it runs',
  tag: 'system',
  access: { public: true },
  response: z.object({ status: z.literal('ok'), version: z.string(), time: z.string() }),
  async handle({ services }) {
    return { status: 'ok' as const, version: services.config.OWNSTACK_VERSION, time: services.clock.now().toISOString() };
  },
});
