/** Wire schemas of the security settings, the installation's own policies and the explainer. */
import { z } from 'zod';
import { type Action, INSTALLATION_ACTIONS } from './actions.js';

const actionNames = INSTALLATION_ACTIONS as [Action, ...Action[]];

/** Customer policies are bounded: 50 KB of Cedar is far beyond any sane forbid list. */
export const MAX_POLICY_TEXT_BYTES = 50_000;

export const securitySettingsSchema = z
  .object({
    requireMfaForAdmin: z.boolean(),
    policies: z.string(),
    policiesVersion: z.number().int(),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: 'SecuritySettings' });
export type SecuritySettingsView = z.infer<typeof securitySettingsSchema>;

export const updateSettingsBody = z.object({ requireMfaForAdmin: z.boolean() }).strict();
export const updatePoliciesBody = z
  .object({
    policies: z.string().max(MAX_POLICY_TEXT_BYTES),
    /** The version the admin edited; a stale save gets 412 and loses nothing. */
    expectedVersion: z.number().int().min(0),
  })
  .strict();

export const explainBody = z
  .object({
    userId: z.string().min(1).max(256),
    action: z.enum(actionNames),
    /** Explain as if the person had signed in with a second factor. @default false */
    mfa: z.boolean().default(false),
  })
  .strict();
export const explanation = z
  .object({
    allowed: z.boolean(),
    action: z.enum(actionNames),
    subject: z.object({ id: z.string(), email: z.string(), role: z.string(), status: z.string(), groupIds: z.array(z.string()) }),
    context: z.object({ authMethod: z.string(), mfa: z.boolean(), requireMfaForAdmin: z.boolean() }),
    policies: z.array(z.object({ id: z.string(), effect: z.enum(['permit', 'forbid']), text: z.string() })),
    summary: z.string(),
  })
  .meta({ id: 'Explanation' });
export type ExplanationView = z.infer<typeof explanation>;
