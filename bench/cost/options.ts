/**
 * The opt-in options an installation can turn on, as the parameters (or CDK context) that
 * turn them on. The only ones the stack offers today are CloudFormation parameters
 * (lib/app-parameters.ts, lib/federation-parameters.ts); enterprise sign-in creates
 * conditioned resources. Options documented in docs/security.md but not built yet (KMS
 * keys, WAF, alarms, a custom domain, provisioned concurrency) have no switch to turn.
 */
export interface OptInOption {
  id: string;
  label: string;
  /** CloudFormation parameter values over the defaults. */
  parameters?: Record<string, string>;
  /** CDK context that changes what is synthesized (none of today's options needs it). */
  context?: Record<string, unknown>;
  /** What it adds per use, beyond the template's resources. */
  usageNote?: string;
}

export const DEFAULT_INSTALLATION: OptInOption = { id: 'default', label: 'default parameters' };

export const optInOptions: readonly OptInOption[] = [
  {
    id: 'saml',
    label: 'enterprise sign-in, SAML (IdentityProviderType=SAML)',
    parameters: { IdentityProviderType: 'SAML', SamlMetadataUrl: 'https://idp.example.com/saml/metadata' },
    usageNote: 'federated monthly active users: 50 free, then $0.015 each',
  },
  {
    id: 'oidc',
    label: 'enterprise sign-in, OIDC (IdentityProviderType=OIDC)',
    parameters: { IdentityProviderType: 'OIDC', OidcIssuerUrl: 'https://idp.example.com', OidcClientId: 'ownstack', OidcClientSecret: 'secret' },
    usageNote: 'federated monthly active users: 50 free, then $0.015 each',
  },
  { id: 'mfa-required', label: 'MFA required (MfaPolicy=REQUIRED)', parameters: { MfaPolicy: 'REQUIRED' }, usageNote: 'TOTP only: no SMS charges' },
  {
    id: 'log-retention-365',
    label: 'logs kept a year (LogRetentionDays=365)',
    parameters: { LogRetentionDays: '365' },
    usageNote: 'log storage: $0.03 per GB-month kept',
  },
];
