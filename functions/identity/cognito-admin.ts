/**
 * The Cognito adapter of the IdentityProviderAdmin port (admin API calls on the
 * installation's user pool). The SDK package is loaded on the first call, not at cold
 * start: most requests never manage people.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { localClientOptions } from '../platform/aws-clients.js';
import type { IdentityProviderAdmin } from './idp.js';

type Sdk = typeof import('@aws-sdk/client-cognito-identity-provider');

const named = (error: unknown, name: string) => (error as { name?: string } | null)?.name === name;

export function cognitoAdmin(userPoolId: string, options: { endpoint?: string } = {}): IdentityProviderAdmin {
  let loaded: Promise<{ sdk: Sdk; client: CognitoIdentityProviderClient }> | undefined;
  const connect = () => {
    loaded ??= import('@aws-sdk/client-cognito-identity-provider').then((sdk) => ({
      sdk,
      client: new sdk.CognitoIdentityProviderClient(options.endpoint ? localClientOptions(options.endpoint) : {}),
    }));
    return loaded;
  };
  const create = async (email: string, resend: boolean) => {
    const { sdk, client } = await connect();
    await client.send(
      new sdk.AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
        ...(resend ? { MessageAction: 'RESEND' as const } : {}),
      }),
    );
  };

  return {
    async invite(email) {
      try {
        await create(email, false);
      } catch (error) {
        // Already in the pool (e.g. a retried call, or created by an operator): nothing to do.
        if (!named(error, 'UsernameExistsException')) throw error;
      }
    },
    async resendInvitation(email) {
      await create(email, true);
    },
    async cancelInvitation(email) {
      const { sdk, client } = await connect();
      try {
        const user = await client.send(new sdk.AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
        if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') await client.send(new sdk.AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
      } catch (error) {
        if (!named(error, 'UserNotFoundException')) throw error;
      }
    },
    async disable(username) {
      const { sdk, client } = await connect();
      await client.send(new sdk.AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
      await client.send(new sdk.AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
    },
    async enable(username) {
      const { sdk, client } = await connect();
      await client.send(new sdk.AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username }));
    },
  };
}
