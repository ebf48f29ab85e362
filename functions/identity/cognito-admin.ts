/** The Cognito adapter of the IdentityProviderAdmin port (admin API calls on the installation's user pool). */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProviderAdmin } from './idp.js';

const named = (error: unknown, name: string) => (error as { name?: string } | null)?.name === name;

export function cognitoAdmin(client: CognitoIdentityProviderClient, userPoolId: string): IdentityProviderAdmin {
  const create = (email: string, resend: boolean) =>
    client.send(
      new AdminCreateUserCommand({
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
      try {
        const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
        if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
      } catch (error) {
        if (!named(error, 'UserNotFoundException')) throw error;
      }
    },
    async disable(email) {
      await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: email }));
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
    },
    async enable(email) {
      await client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: email }));
    },
  };
}
