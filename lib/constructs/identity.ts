/**
 * Who may sign in: a Cognito user pool (email sign-in, admins invite, no self sign-up),
 * its hosted sign-in domain, the SPA's app client (authorization code + PKCE, no secret)
 * and the pre token generation trigger that puts the verified email in access tokens.
 * The pool holds the customer's users and their MFA secrets: it is retained on deletion.
 * Enterprise sign-in (SAML or OIDC) is added beside it by `EnterpriseSignIn`.
 */
import { Aws, CfnCondition, CfnMapping, Duration, Fn, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPool,
  ClientAttributes,
  CfnUserPoolUser,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AUTH_CALLBACK_PATH } from '../../functions/system/web-config.js';
import { installationSuffix } from './installation-names.js';

export const MFA_POLICIES = ['OFF', 'OPTIONAL', 'REQUIRED'] as const;
export type MfaPolicy = (typeof MFA_POLICIES)[number];

/**
 * The custom attribute holding the groups a federated IdP asserts (`custom:idp_groups`),
 * which the token enricher copies into access tokens. Custom attributes can be added to a
 * pool but never removed or changed, so it exists whether or not federation is used.
 */
export const IDP_GROUPS_ATTRIBUTE = 'idp_groups';
const IDP_GROUPS_MAX_LENGTH = 2048;

export interface IdentityProps {
  /** The installation's https origin (CloudFront), for redirects and the invitation email. */
  readonly appUrl: string;
  /** One of MFA_POLICIES; usually the MfaPolicy parameter. TOTP only, never SMS. */
  readonly mfaPolicy: string;
  /** The pre token generation (V2) trigger. */
  readonly preTokenGeneration: IFunction;
  /** Invited at creation (Cognito emails a temporary password); made owner at first sign-in by the API. */
  readonly initialOwnerEmail: string;
}

/**
 * The hosted UI's domain prefix: unique per installation (domain prefixes are global per
 * region, and two installations may share an account), never a fixed name. It must not
 * contain "aws", "amazon" or "cognito".
 */
export function hostedUiDomainPrefix(): string {
  return Fn.join('-', ['ownstack', installationSuffix()]);
}

/** The hosted UI's origin, known before the domain exists (the web's CSP needs it). */
export function hostedUiOrigin(): string {
  return `https://${hostedUiDomainPrefix()}.auth.${Aws.REGION}.amazoncognito.com`;
}

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly webClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { [IDP_GROUPS_ATTRIBUTE]: new StringAttribute({ maxLen: IDP_GROUPS_MAX_LENGTH, mutable: true }) },
      userInvitation: {
        emailSubject: 'Your Ownstack account',
        emailBody: `You have been invited to Ownstack at ${props.appUrl}. Sign in as {username} with the temporary password {####}; you will then choose your own.`,
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
        passwordHistorySize: 5,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Essentials: no fixed fee, 10,000 MAU free, and access-token customization (V2 trigger).
      featurePlan: FeaturePlan.ESSENTIALS,
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.applyMfaPolicy(props.mfaPolicy);
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, props.preTokenGeneration, LambdaVersion.V2_0);

    // Retained even if the parameter later changes: a replaced resource must not delete the owner's account.
    const initialOwner = new CfnUserPoolUser(this, 'InitialOwner', {
      userPoolId: this.userPool.userPoolId,
      username: props.initialOwnerEmail,
      userAttributes: [
        { name: 'email', value: props.initialOwnerEmail },
        { name: 'email_verified', value: 'true' },
      ],
      desiredDeliveryMediums: ['EMAIL'],
    });
    initialOwner.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: hostedUiDomainPrefix() } });
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      // No direct password flows: the SPA signs in through the hosted UI only.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.appUrl}${AUTH_CALLBACK_PATH}`],
        logoutUrls: [`${props.appUrl}/`],
      },
      // EnterpriseSignIn adds its provider here when one is configured.
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // Cognito writes IdP-mapped attributes through the client, which must be allowed to
      // (custom ones are not by default). Users cannot write them: the client never grants
      // the aws.cognito.signin.user.admin scope that UpdateUserAttributes needs.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes(IDP_GROUPS_ATTRIBUTE),
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is the MfaPolicy parameter (OFF, OPTIONAL or REQUIRED; TOTP only): each customer chooses; REQUIRED is recommended.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection (advanced security) is billed per active user beyond the Essentials plan; off by default, documented as an opt-in.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan is billed per monthly active user; Essentials has no fixed fee and covers what Ownstack uses.',
      },
    );
  }

  /** The OIDC issuer: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }

  /** Cognito's /logout, which ends the hosted UI session and returns to the app. */
  signOutUrl(appUrl: string): string {
    // Not URL-encoded: appUrl is a deploy-time token, and `https://host/` is a valid query value.
    return `${this.domain.baseUrl()}/logout?client_id=${this.webClient.userPoolClientId}&logout_uri=${appUrl}/`;
  }

  // The `mfa` prop cannot take a parameter, so the L1 properties are set directly; Cognito
  // names REQUIRED "ON". With MFA OFF, Cognito refuses an enabled MFA type, hence the
  // condition on EnabledMfas.
  private applyMfaPolicy(mfaPolicy: string): void {
    if (!Token.isUnresolved(mfaPolicy) && !(MFA_POLICIES as readonly string[]).includes(mfaPolicy)) {
      throw new Error(`MFA policy "${mfaPolicy}" is not one of ${MFA_POLICIES.join(', ')}; pass one of them or the MfaPolicy parameter.`);
    }
    const cognitoNames = new CfnMapping(this, 'MfaConfiguration', {
      mapping: { OFF: { Cognito: 'OFF' }, OPTIONAL: { Cognito: 'OPTIONAL' }, REQUIRED: { Cognito: 'ON' } } satisfies Record<MfaPolicy, unknown>,
    });
    const mfaOff = new CfnCondition(this, 'MfaOff', { expression: Fn.conditionEquals(mfaPolicy, 'OFF') });
    const cfnUserPool = this.userPool.node.defaultChild as CfnUserPool;
    cfnUserPool.mfaConfiguration = cognitoNames.findInMap(mfaPolicy, 'Cognito');
    cfnUserPool.enabledMfas = Token.asList(Fn.conditionIf(mfaOff.logicalId, Aws.NO_VALUE, ['SOFTWARE_TOKEN_MFA']));
  }
}
