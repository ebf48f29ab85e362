/**
 * Enterprise sign-in: at most one SAML or OIDC identity provider in the user pool, chosen
 * at deploy time (NONE by default), offered on the hosted UI beside email and password.
 * It maps email, name and the IdP's groups attribute into the pool; the API turns those
 * groups into a role at a user's first sign-in. The template never holds the OIDC client
 * secret: it references a NoEcho parameter, and Cognito keeps the value.
 */
import { CfnCondition, Fn, type SecretValue, Token } from 'aws-cdk-lib';
import { type CfnUserPoolClient, CfnUserPoolIdentityProvider, type IUserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { IDP_GROUPS_ATTRIBUTE } from './identity.js';

export const IDENTITY_PROVIDER_TYPES = ['NONE', 'SAML', 'OIDC'] as const;

/**
 * The provider's name in the pool: the hosted UI's button label, and the value of
 * `identity_provider` to skip the choice. Fixed, so a redeploy never renames it; the pool
 * holds one provider of either type, so switching type goes through NONE.
 */
export const ENTERPRISE_PROVIDER_NAME = 'SSO';

/** Scopes Cognito asks an OIDC provider for: enough for the email, the name and (usually) the groups claim. */
const OIDC_SCOPES = 'openid email profile';

export interface EnterpriseSignInProps {
  readonly userPool: IUserPool;
  /** The SPA's app client: it offers the provider when one is configured. */
  readonly client: UserPoolClient;
  /** The hosted UI's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`), which the IdP redirects back to. */
  readonly hostedUiBaseUrl: string;
  /** One of IDENTITY_PROVIDER_TYPES; usually the IdentityProviderType parameter. */
  readonly providerType: string;
  /** SAML only: where Cognito reads the IdP's metadata. */
  readonly samlMetadataUrl: string;
  /** OIDC only: the issuer; Cognito discovers the endpoints from its `/.well-known/openid-configuration`. */
  readonly oidcIssuerUrl: string;
  /** OIDC only: the client id the IdP gave this installation. */
  readonly oidcClientId: string;
  /** OIDC only: from a NoEcho parameter (`SecretValue.cfnParameter`), so the template holds only a reference. */
  readonly oidcClientSecret: SecretValue;
  /** The SAML attribute or OIDC claim that lists the user's groups. @default 'groups' */
  readonly groupsAttribute?: string;
}

export class EnterpriseSignIn extends Construct {
  readonly saml: CfnUserPoolIdentityProvider;
  readonly oidc: CfnUserPoolIdentityProvider;
  private readonly props: EnterpriseSignInProps;

  constructor(scope: Construct, id: string, props: EnterpriseSignInProps) {
    super(scope, id);
    this.props = props;
    if (!Token.isUnresolved(props.providerType) && !(IDENTITY_PROVIDER_TYPES as readonly string[]).includes(props.providerType)) {
      throw new Error(`Identity provider type "${props.providerType}" is not one of ${IDENTITY_PROVIDER_TYPES.join(', ')}; pass one of them or the parameter.`);
    }
    const isSaml = new CfnCondition(this, 'IsSaml', { expression: Fn.conditionEquals(props.providerType, 'SAML') });
    const isOidc = new CfnCondition(this, 'IsOidc', { expression: Fn.conditionEquals(props.providerType, 'OIDC') });
    // Pool attribute ← IdP attribute. Email and name keep their names in both protocols
    // (a SAML IdP must release attributes named exactly so); the groups one is configurable.
    const attributeMapping = { email: 'email', name: 'name', [`custom:${IDP_GROUPS_ATTRIBUTE}`]: props.groupsAttribute ?? 'groups' };

    this.saml = new CfnUserPoolIdentityProvider(this, 'Saml', {
      userPoolId: props.userPool.userPoolId,
      providerName: ENTERPRISE_PROVIDER_NAME,
      providerType: 'SAML',
      providerDetails: { MetadataURL: props.samlMetadataUrl },
      attributeMapping,
    });
    this.saml.cfnOptions.condition = isSaml;

    this.oidc = new CfnUserPoolIdentityProvider(this, 'Oidc', {
      userPoolId: props.userPool.userPoolId,
      providerName: ENTERPRISE_PROVIDER_NAME,
      providerType: 'OIDC',
      providerDetails: {
        oidc_issuer: props.oidcIssuerUrl,
        client_id: props.oidcClientId,
        // A reference to the NoEcho parameter, resolved by CloudFormation; Cognito stores the value.
        client_secret: props.oidcClientSecret.unsafeUnwrap(),
        authorize_scopes: OIDC_SCOPES,
        attributes_request_method: 'GET',
      },
      attributeMapping,
    });
    this.oidc.cfnOptions.condition = isOidc;

    // The provider's Ref is its name; referencing it also orders the client after it,
    // which Cognito requires (a client may only list providers that exist).
    const client = props.client.node.defaultChild as CfnUserPoolClient;
    client.supportedIdentityProviders = Token.asList(
      Fn.conditionIf(isSaml.logicalId, ['COGNITO', this.saml.ref], Fn.conditionIf(isOidc.logicalId, ['COGNITO', this.oidc.ref], ['COGNITO'])),
    );
  }

  /** SAML: the Assertion Consumer Service (reply) URL to register at the IdP. */
  get samlAcsUrl(): string {
    return `${this.props.hostedUiBaseUrl}/saml2/idpresponse`;
  }

  /** SAML: the service provider's entity id (audience) to register at the IdP. */
  get samlEntityId(): string {
    return `urn:amazon:cognito:sp:${this.props.userPool.userPoolId}`;
  }

  /** OIDC: the redirect (callback) URL to register at the IdP. */
  get oidcRedirectUrl(): string {
    return `${this.props.hostedUiBaseUrl}/oauth2/idpresponse`;
  }
}
