/**
 * What goes on the billing queue: a Stripe event to process (by id only: the worker reads
 * the event and the subscription back from Stripe), an hour of usage to forward to a
 * Billing Meter, or a seat count to bill. One schema for the senders and the worker.
 */
import { z } from 'zod';
import { USAGE_METERS } from '../../licensing/control-plane-api.js';
import { installationIdSchema } from '../../licensing/claims.js';

export const billingMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stripe-event'), id: z.string().regex(/^evt_[A-Za-z0-9_]{1,100}$/), type: z.string().min(1).max(100) }).strict(),
  z
    .object({
      kind: z.literal('usage-forward'),
      installationId: installationIdSchema,
      meter: z.enum(USAGE_METERS),
      hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
    })
    .strict(),
  z.object({ kind: z.literal('seats'), installationId: installationIdSchema, seats: z.number().int().min(0).max(1_000_000) }).strict(),
]);

export type BillingMessage = z.infer<typeof billingMessageSchema>;
export type SendBilling = (message: BillingMessage) => Promise<void>;
