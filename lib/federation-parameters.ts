/**
 * The "Enterprise sign-in" parameters: an optional SAML or OIDC identity provider, off
 * (NONE) by default. Rules make CloudFormation refuse an incomplete choice before any
 * resource changes, with a message naming the missing parameter.
 */
import { CfnParameter, CfnRule, Fn, SecretValue, type Stack } from 'aws-cdk-lib';
import { IDENTITY_PROVIDER_TYPES } from './constructs/enterprise-sign-in.js';

/** Roles an IdP group may be mapped to (functions/platform/principal.ts ROLES). */
const ROLES = '(owner|admin|member|viewer)';
/** `group=role,...`; group names without spaces, commas or `=` (the API splits the groups claim on spaces and commas). */
const GROUP_ROLE_MAPPING_PATTERN = `^$|^[^\\s,=]+=${ROLES}(,[^\\s,=]+=${ROLES})*$`;
const EMPTY_OR_HTTPS_URL = '^$|^https://\\S+$';

export interface FederationParameters {
  readonly identityProviderType: CfnParameter;
  readonly samlMetadataUrl: CfnParameter;
  readonly oidcIssuerUrl: CfnParameter;
  readonly oidcClientId: CfnParameter;
  readonly oidcClientSecret: CfnParameter;
  readonly idpGroupsAttribute: CfnParameter;
  readonly idpGroupRoleMapping: CfnParameter;
  /** The secret as a SecretValue: only a NoEcho parameter can become one. */
  readonly oidcClientSecretValue: SecretValue;
}

export function defineFederationParameters(stack: Stack): FederationParameters {
  const identityProviderType = new CfnParameter(stack, 'IdentityProviderType', {
    type: 'String',
    description: 'Enterprise sign-in through your identity provider, beside email and password: NONE, SAML or OIDC. See docs/identity.md.',
    allowedValues: [...IDENTITY_PROVIDER_TYPES],
    default: 'NONE',
  });
  const samlMetadataUrl = new CfnParameter(stack, 'SamlMetadataUrl', {
    type: 'String',
    description: "SAML only: the https URL of your identity provider's SAML metadata document.",
    allowedPattern: EMPTY_OR_HTTPS_URL,
    constraintDescription: 'must be empty or an https URL',
    maxLength: 2048,
    default: '',
  });
  const oidcIssuerUrl = new CfnParameter(stack, 'OidcIssuerUrl', {
    type: 'String',
    description: 'OIDC only: the issuer URL of your identity provider (Cognito reads its /.well-known/openid-configuration).',
    allowedPattern: EMPTY_OR_HTTPS_URL,
    constraintDescription: 'must be empty or an https URL',
    maxLength: 2048,
    default: '',
  });
  const oidcClientId = new CfnParameter(stack, 'OidcClientId', {
    type: 'String',
    description: 'OIDC only: the client id your identity provider issued for this installation.',
    allowedPattern: '^\\S*$',
    constraintDescription: 'must not contain spaces',
    maxLength: 255,
    default: '',
  });
  const oidcClientSecret = new CfnParameter(stack, 'OidcClientSecret', {
    type: 'String',
    description: 'OIDC only: the client secret for that client id. Never shown by CloudFormation (NoEcho); Cognito stores it.',
    noEcho: true,
    allowedPattern: '^\\S*$',
    constraintDescription: 'must not contain spaces',
    maxLength: 1024,
    default: '',
  });
  const idpGroupsAttribute = new CfnParameter(stack, 'IdpGroupsAttribute', {
    type: 'String',
    description: "The SAML attribute or OIDC claim that lists a user's groups; copied into the user's custom:idp_groups.",
    allowedPattern: '^\\S{1,255}$',
    constraintDescription: 'must be 1 to 255 characters without spaces',
    default: 'groups',
  });
  const idpGroupRoleMapping = new CfnParameter(stack, 'IdpGroupRoleMapping', {
    type: 'String',
    description: "IdP groups to Ownstack roles at a federated user's first sign-in, e.g. ownstack-admins=admin,staff=member. Highest role wins.",
    allowedPattern: GROUP_ROLE_MAPPING_PATTERN,
    constraintDescription: 'must be empty or group=role pairs separated by commas, roles owner, admin, member or viewer, no spaces',
    maxLength: 2000,
    default: '',
  });

  const chosen = (type: string) => Fn.conditionEquals(identityProviderType.valueAsString, type);
  const given = (parameter: CfnParameter) => Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, ''));
  new CfnRule(stack, 'SamlNeedsMetadata', {
    ruleCondition: chosen('SAML'),
    assertions: [{ assert: given(samlMetadataUrl), assertDescription: 'IdentityProviderType SAML needs SamlMetadataUrl.' }],
  });
  new CfnRule(stack, 'OidcNeedsClient', {
    ruleCondition: chosen('OIDC'),
    assertions: [
      { assert: given(oidcIssuerUrl), assertDescription: 'IdentityProviderType OIDC needs OidcIssuerUrl.' },
      { assert: given(oidcClientId), assertDescription: 'IdentityProviderType OIDC needs OidcClientId.' },
      { assert: given(oidcClientSecret), assertDescription: 'IdentityProviderType OIDC needs OidcClientSecret.' },
    ],
  });

  return {
    identityProviderType,
    samlMetadataUrl,
    oidcIssuerUrl,
    oidcClientId,
    oidcClientSecret,
    idpGroupsAttribute,
    idpGroupRoleMapping,
    oidcClientSecretValue: SecretValue.cfnParameter(oidcClientSecret),
  };
}
