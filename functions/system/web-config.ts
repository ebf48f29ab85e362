/**
 * The SPA's runtime configuration, served as `/config.json` next to the SPA. The stack
 * writes it at deploy time (Cognito values); the local runtime serves it for its own OIDC
 * provider. The SPA validates it with this schema at start-up. Public values only.
 */
import { z } from 'zod';

export const webConfigSchema = z.object({
  /** Base URL of the API; '' means same origin (CloudFront routes /api/* to the HTTP API). */
  apiBaseUrl: z.string(),
  auth: z.object({
    /** OIDC issuer: the Cognito user pool's issuer URL, or the local provider's. */
    authority: z.url(),
    clientId: z.string().min(1),
    scope: z.string().default('openid email profile'),
    /** Where to send the browser to end the IdP session (Cognito's /logout); absent when discovery has `end_session_endpoint`. */
    signOutUrl: z.url().optional(),
  }),
  version: z.string(),
  /** 'aws' or 'local'; the SPA shows a badge when local. */
  environment: z.enum(['aws', 'local']),
});

export type WebConfig = z.infer<typeof webConfigSchema>;

/** The path at which the SPA's OIDC redirect lands. Registered with Cognito and the local provider. */
export const AUTH_CALLBACK_PATH = '/auth/callback';
