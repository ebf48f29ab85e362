/**
 * The application plane's CloudFormation parameters: what a customer may choose at deploy
 * time without touching code (with `cdk deploy --parameters`, or in the console for the
 * one-click template). Defined on the stack itself so their names stay short and stable.
 */
import { CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { MFA_POLICIES } from './constructs/identity.js';
import { defineFederationParameters, type FederationParameters } from './federation-parameters.js';
import { addParameterGroup } from './parameter-groups.js';

/** Retention values CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface AppParameters {
  readonly initialOwnerEmail: CfnParameter;
  readonly mfaPolicy: CfnParameter;
  readonly requireMfaForAdmin: CfnParameter;
  readonly logRetentionDays: CfnParameter;
  readonly apiRateLimit: CfnParameter;
  readonly apiBurstLimit: CfnParameter;
  readonly integrationApiRateLimit: CfnParameter;
  readonly integrationApiBurstLimit: CfnParameter;
  readonly federation: FederationParameters;
}

export function defineAppParameters(stack: Stack): AppParameters {
  const initialOwnerEmail = new CfnParameter(stack, 'InitialOwnerEmail', {
    type: 'String',
    description: "Email of the installation's first owner: Cognito invites this address, and its first sign-in is made owner.",
    allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    constraintDescription: 'must be an email address',
    maxLength: 320,
  });
  const mfaPolicy = new CfnParameter(stack, 'MfaPolicy', {
    type: 'String',
    description: 'Multi-factor authentication with an authenticator app (TOTP): OFF, OPTIONAL (each user chooses) or REQUIRED.',
    allowedValues: [...MFA_POLICIES],
    default: 'OPTIONAL',
  });
  const requireMfaForAdmin = new CfnParameter(stack, 'RequireMfaForAdmin', {
    type: 'String',
    description:
      'Initial value of the "require a second factor for administration" setting, until an admin changes it in the app. true needs MfaPolicy REQUIRED.',
    allowedValues: ['true', 'false'],
    default: 'false',
  });
  // Only native sign-ins under MfaPolicy REQUIRED count as MFA (docs/identity.md); with any
  // other policy, true would refuse every administrative action, including undoing it.
  new CfnRule(stack, 'AdminMfaNeedsRequiredMfa', {
    ruleCondition: Fn.conditionEquals(requireMfaForAdmin.valueAsString, 'true'),
    assertions: [
      {
        assert: Fn.conditionEquals(mfaPolicy.valueAsString, 'REQUIRED'),
        assertDescription: 'RequireMfaForAdmin true needs MfaPolicy REQUIRED: otherwise no session counts as MFA and no one could administer.',
      },
    ],
  });
  const logRetentionDays = new CfnParameter(stack, 'LogRetentionDays', {
    type: 'Number',
    description: 'Days to keep function and API access logs in CloudWatch Logs.',
    allowedValues: LOG_RETENTION_DAYS.map(String),
    default: 30,
  });
  const apiRateLimit = new CfnParameter(stack, 'ApiRateLimit', {
    type: 'Number',
    description: 'Steady-state requests per second the API accepts before answering 429.',
    minValue: 1,
    maxValue: 10000,
    default: 50,
  });
  const apiBurstLimit = new CfnParameter(stack, 'ApiBurstLimit', {
    type: 'Number',
    description: 'Requests the API accepts in a short burst above the steady rate.',
    minValue: 1,
    maxValue: 5000,
    default: 100,
  });

  // The integration API has no authorizer, so every request reaches the function: its own,
  // lower limits keep scripts and strangers from using up the capacity people need.
  const integrationApiRateLimit = new CfnParameter(stack, 'IntegrationApiRateLimit', {
    type: 'Number',
    description: 'Steady-state requests per second the integration (API key) endpoint accepts before answering 429.',
    minValue: 1,
    maxValue: 10000,
    default: 10,
  });
  const integrationApiBurstLimit = new CfnParameter(stack, 'IntegrationApiBurstLimit', {
    type: 'Number',
    description: 'Requests the integration (API key) endpoint accepts in a short burst above its steady rate.',
    minValue: 1,
    maxValue: 5000,
    default: 20,
  });
  const federation = defineFederationParameters(stack);

  addParameterGroup(stack, 'Users', [
    { parameter: initialOwnerEmail, label: 'First owner email' },
    { parameter: mfaPolicy, label: 'Multi-factor authentication' },
    { parameter: requireMfaForAdmin, label: 'Require a second factor for administration' },
  ]);
  addParameterGroup(stack, 'Enterprise sign-in', [
    { parameter: federation.identityProviderType, label: 'Identity provider type' },
    { parameter: federation.samlMetadataUrl, label: 'SAML metadata URL' },
    { parameter: federation.oidcIssuerUrl, label: 'OIDC issuer URL' },
    { parameter: federation.oidcClientId, label: 'OIDC client id' },
    { parameter: federation.oidcClientSecret, label: 'OIDC client secret' },
    { parameter: federation.idpGroupsAttribute, label: 'Groups attribute or claim' },
    { parameter: federation.idpGroupRoleMapping, label: 'Group to role mapping' },
  ]);
  addParameterGroup(stack, 'Operations', [
    { parameter: logRetentionDays, label: 'Log retention (days)' },
    { parameter: apiRateLimit, label: 'API rate limit (requests per second)' },
    { parameter: apiBurstLimit, label: 'API burst limit (requests)' },
    { parameter: integrationApiRateLimit, label: 'Integration API rate limit (requests per second)' },
    { parameter: integrationApiBurstLimit, label: 'Integration API burst limit (requests)' },
  ]);
  return {
    initialOwnerEmail,
    mfaPolicy,
    requireMfaForAdmin,
    logRetentionDays,
    apiRateLimit,
    apiBurstLimit,
    integrationApiRateLimit,
    integrationApiBurstLimit,
    federation,
  };
}
