/**
 * The Cognito user pool's admin API (AWS JSON 1.1) in front of the local provider's user
 * store: exactly the six operations the Cognito adapter of `IdentityProviderAdmin` calls,
 * with Cognito's semantics and error names, so `functions/identity/cognito-admin.ts` runs
 * unchanged. The pool has email as its username attribute (lib/constructs/identity.ts):
 * `Username` is the email (any case) or the `sub`, and responses name users by `sub`.
 * Cognito's invitation email is one log line here; the password is always the local one.
 */
import { AwsServiceError, createAwsJsonService } from './aws-json-protocol.js';
import type { LocalLog } from './log.js';
import type { LocalAccount, LocalAccounts } from './oidc/accounts.js';
import { LOCAL_PASSWORD } from './oidc/seed-users.js';

export interface CognitoEndpointOptions {
  accounts: LocalAccounts;
  /** The one pool this endpoint serves; any other id is ResourceNotFoundException. */
  userPoolId: string;
  /** Where an invitation tells the person to sign in: the app. */
  signInUrl: string;
  /** Ends the account's provider sessions and grants (AdminUserGlobalSignOut). */
  endSessionsOf(sub: string): Promise<void>;
  log: LocalLog;
}

type Input = Record<string, unknown>;

// A loose check, as Cognito's "Username should be an email." is.
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A user as AdminGetUser and AdminCreateUser describe it (attributes under different keys). */
function described(account: LocalAccount) {
  const attributes = [
    { Name: 'sub', Value: account.sub },
    { Name: 'email', Value: account.email },
    { Name: 'email_verified', Value: String(account.emailVerified) },
    ...(account.name ? [{ Name: 'name', Value: account.name }] : []),
  ];
  const about = {
    Username: account.sub,
    UserCreateDate: epochSeconds(account.createdAt),
    UserLastModifiedDate: epochSeconds(account.updatedAt),
    Enabled: account.enabled,
    UserStatus: account.status,
  };
  return { attributes, about };
}

function attributeOf(input: Input, name: string): string | undefined {
  const list = Array.isArray(input.UserAttributes) ? (input.UserAttributes as { Name?: unknown; Value?: unknown }[]) : [];
  const found = list.find((a) => a.Name === name)?.Value;
  return typeof found === 'string' ? found : undefined;
}

export function createCognitoEndpoint({ accounts, userPoolId, signInUrl, endSessionsOf, log }: CognitoEndpointOptions) {
  function usernameOf(input: Input): string {
    if (typeof input.UserPoolId !== 'string' || !input.UserPoolId) throw new AwsServiceError('InvalidParameterException', 'UserPoolId is required.');
    if (input.UserPoolId !== userPoolId)
      throw new AwsServiceError('ResourceNotFoundException', `User pool ${input.UserPoolId} does not exist. The local pool is ${userPoolId}.`);
    if (typeof input.Username !== 'string' || !input.Username) throw new AwsServiceError('InvalidParameterException', 'Username is required.');
    return input.Username;
  }

  const find = (username: string) => accounts.byEmail(username) ?? accounts.bySub(username);

  function existing(input: Input): LocalAccount {
    const account = find(usernameOf(input));
    if (!account) throw new AwsServiceError('UserNotFoundException', 'User does not exist.');
    return account;
  }

  const sendInvitation = (account: LocalAccount) => log.info(`invitation email to ${account.email}: sign in at ${signInUrl} with password ${LOCAL_PASSWORD}`);

  function adminCreateUser(input: Input) {
    const username = usernameOf(input);
    const action = input.MessageAction;
    if (action !== undefined && action !== 'RESEND' && action !== 'SUPPRESS')
      throw new AwsServiceError('InvalidParameterException', `MessageAction must be RESEND or SUPPRESS (got ${String(action)}).`);
    let account = find(username);
    if (action === 'RESEND') {
      if (!account) throw new AwsServiceError('UserNotFoundException', 'User does not exist.');
      if (account.status !== 'FORCE_CHANGE_PASSWORD')
        throw new AwsServiceError('UnsupportedUserStateException', `Resend not possible. ${account.sub} status is not FORCE_CHANGE_PASSWORD.`);
    } else {
      if (account) throw new AwsServiceError('UsernameExistsException', 'An account with the given email already exists.');
      if (!EMAIL.test(username)) throw new AwsServiceError('InvalidParameterException', 'Username should be an email.');
      const email = attributeOf(input, 'email') ?? username;
      if (email.toLowerCase() !== username.toLowerCase())
        throw new AwsServiceError('InvalidParameterException', 'The email attribute must be the Username in a pool that signs in by email.');
      account = accounts.add({ email, emailVerified: attributeOf(input, 'email_verified') === 'true', name: attributeOf(input, 'name') });
    }
    if (action !== 'SUPPRESS') sendInvitation(account);
    const { attributes, about } = described(account);
    return { User: { ...about, Attributes: attributes } };
  }

  return createAwsJsonService({
    targetPrefix: 'AWSCognitoIdentityProviderService',
    jsonVersion: '1.1',
    operations: {
      AdminCreateUser: adminCreateUser,
      AdminGetUser(input) {
        const { attributes, about } = described(existing(input));
        return { ...about, UserAttributes: attributes };
      },
      async AdminDeleteUser(input) {
        const account = existing(input);
        accounts.remove(account.sub);
        await endSessionsOf(account.sub);
        return {};
      },
      AdminDisableUser(input) {
        accounts.change(existing(input).sub, { enabled: false });
        return {};
      },
      AdminEnableUser(input) {
        accounts.change(existing(input).sub, { enabled: true });
        return {};
      },
      async AdminUserGlobalSignOut(input) {
        await endSessionsOf(existing(input).sub);
        return {};
      },
    },
  });
}
