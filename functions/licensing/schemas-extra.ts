/**
 * Request bodies of the billing routes not in `billing-schemas.ts`: the buttons that send
 * nothing but a click (refresh, portal) and the trial start. Strict, so a client cannot
 * smuggle a return URL or a plan past the server.
 */
import { z } from 'zod';

export const emptyBillingBody = z.object({}).strict();
/** Only the Pro plan has a trial (plans.ts); the body names it so a later plan can be added. */
export const trialStartSchema = z.object({ plan: z.literal('pro').default('pro') }).strict();
