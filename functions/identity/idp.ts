/**
 * The identity provider's admin side, as a port: Cognito in AWS, the local OpenID
 * provider in the local runtime (which speaks the same Cognito admin protocol). Use cases
 * call it after their own write succeeded; each call is idempotent so a retry is safe.
 */
export interface IdentityProviderAdmin {
  /** Creates the person in the IdP and sends the invitation (a temporary password by email). */
  invite(email: string): Promise<void>;
  resendInvitation(email: string): Promise<void>;
  /** Removes an invited person who never signed in; does nothing if they already did. */
  cancelInvitation(email: string): Promise<void>;
  /** Blocks sign-in and ends every session (refresh tokens are revoked). */
  disable(email: string): Promise<void>;
  enable(email: string): Promise<void>;
}
