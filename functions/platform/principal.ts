/**
 * Who is calling. Built only from claims that the HTTP API's JWT authorizer (or the local
 * runtime's identical check) has already verified; never from a header or body the client
 * controls. Roles come from the stored user, not from the token, so a change of role or a
 * deactivation takes effect on the next request.
 */
import { z } from 'zod';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The verified claims the API reads. Unknown claims are ignored. */
export const verifiedClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  email: z.email().max(320).optional(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
  name: z.string().max(256).optional(),
  /** The IdP's own name for the person (Cognito: `SSO_…` for federated users); used for admin calls. */
  username: z.string().max(256).optional(),
  /** Groups asserted by a federated IdP, copied into the access token by the token enricher. */
  idp_groups: z.string().max(4000).optional(),
  /** Authentication methods; 'mfa' or 'otp' means a second factor was used. */
  amr: z.union([z.array(z.string()), z.string()]).optional(),
  /** Set by the token enricher when the pool's MFA policy made this sign-in use TOTP (Cognito forbids adding `amr`). */
  mfa: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
});
export type VerifiedClaims = z.infer<typeof verifiedClaimsSchema>;

export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  /** Groups the user belongs to; groups can be granted access like users. */
  groupIds: string[];
  /** How this request authenticated. */
  via: 'session' | 'apiKey';
  /** The API key's id when `via` is 'apiKey', so the audit trail can name the key. */
  apiKeyId?: string;
  /** Scopes of the API key; empty for a session (a session acts with its role). */
  scopes: string[];
  mfa: boolean;
}

export function mfaFrom(claims: VerifiedClaims): boolean {
  if (claims.mfa === true) return true;
  const amr = typeof claims.amr === 'string' ? claims.amr.split(/[ ,]/) : (claims.amr ?? []);
  return amr.some((m) => m === 'mfa' || m === 'otp' || m === 'totp');
}

/** IdP groups arrive as one claim string: JSON array, or comma/space separated. */
export function idpGroupsFrom(claims: VerifiedClaims): string[] {
  const raw = claims.idp_groups?.trim();
  if (!raw) return [];
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // API Gateway renders arrays as "[a b]": fall through to splitting.
    }
  }
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);
}
