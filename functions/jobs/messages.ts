/**
 * The messages the job queue carries: EventBridge envelopes of domain events (from the
 * bus rule) and job envelopes (sent by the API). Parsing is strict: a message that does
 * not parse can never succeed, so it is failed and ends in the DLQ with its reason logged.
 */
import { z } from 'zod';

const eventEnvelope = z.object({
  id: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  detail: z.object({
    id: z.string(),
    type: z.string(),
    version: z.number().int(),
    occurredAt: z.string(),
    actor: z.object({
      userId: z.string(),
      via: z.enum(['session', 'apiKey', 'system']),
      apiKeyId: z.string().optional(),
      ip: z.string().optional(),
      userAgent: z.string().optional(),
    }),
    subject: z.object({ kind: z.string(), id: z.string() }),
    data: z.record(z.string(), z.unknown()),
    correlationId: z.string().optional(),
  }),
});

const jobEnvelope = z.object({
  kind: z.literal('job'),
  jobId: z.string().min(1),
  type: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
});

export type EventMessage = { kind: 'event'; event: z.infer<typeof eventEnvelope>['detail'] };
export type JobMessage = z.infer<typeof jobEnvelope>;
export type QueueMessage = EventMessage | JobMessage;

export function parseQueueMessage(body: string): QueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('Message body is not JSON.');
  }
  const asJob = jobEnvelope.safeParse(json);
  if (asJob.success) return asJob.data;
  const asEvent = eventEnvelope.safeParse(json);
  if (asEvent.success) return { kind: 'event', event: asEvent.data.detail };
  throw new Error(`Message is neither a job nor a domain event: ${asEvent.error.issues[0]?.message ?? 'unknown shape'}.`);
}
