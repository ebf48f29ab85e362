/**
 * Who may use the vendor console: a Cognito user pool of vendor staff. No self sign-up
 * (an operator creates each account), TOTP MFA required, no SMS, Essentials plan without
 * threat protection (no fixed fee), and the `vendor-admins` group that the admin API
 * requires. The console signs in through the hosted UI (authorization code + PKCE).
 */
import { Aws, Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { AUTH_CALLBACK_PATH } from '../../functions/system/web-config.js';
import { installationSuffix } from '../constructs/installation-names.js';

/** The group whose members the admin API serves (read from the access token's `cognito:groups`). */
export const VENDOR_ADMINS_GROUP = 'vendor-admins';

/** The hosted UI's prefix, unique per stack (prefixes are global per region); without "aws", "amazon" or "cognito". */
export function staffDomainPrefix(): string {
  return Fn.join('-', ['ownstack-vendor', installationSuffix()]);
}

/** The hosted UI's origin, known before the domain exists (the console's CSP needs it). */
export function staffHostedUiOrigin(): string {
  return `https://${staffDomainPrefix()}.auth.${Aws.REGION}.amazoncognito.com`;
}

export interface StaffIdentityProps {
  /** The console's https origin, for the redirect and sign-out URLs. */
  readonly consoleUrl: string;
}

export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      userInvitation: {
        emailSubject: 'Your Ownstack vendor console account',
        emailBody: `You have been given access to the Ownstack vendor console at ${props.consoleUrl}. Sign in as {username} with the temporary password {####}; you will then choose your own and set up an authenticator app.`,
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool.addGroup('Admins', { groupName: VENDOR_ADMINS_GROUP, description: 'Vendor staff who may use the control plane console and its admin API' });

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: staffDomainPrefix() } });
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}${AUTH_CALLBACK_PATH}`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG3',
        reason:
          'Threat protection (advanced security) is billed per active user beyond the Essentials plan; a handful of vendor staff with required TOTP MFA do not need it.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan is billed per monthly active user; Essentials has no fixed fee and covers hosted sign-in with required MFA.',
      },
    );
  }

  /** The OIDC issuer of the staff pool. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }

  /** Cognito's /logout, which ends the hosted UI session and returns to the console. */
  signOutUrl(consoleUrl: string): string {
    return `${this.domain.baseUrl()}/logout?client_id=${this.consoleClient.userPoolClientId}&logout_uri=${consoleUrl}/`;
  }
}
