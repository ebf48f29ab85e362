/**
 * Cognito pre token generation (V2) trigger: copies the user's email and its verified
 * flag into the access token, which the API authenticates with (Cognito leaves them out
 * of access tokens by default). Adds nothing the user pool did not verify.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const { email, email_verified: emailVerified, name } = event.request.userAttributes;
  const claims: Record<string, string> = {};
  if (email) claims.email = email;
  if (emailVerified) claims.email_verified = emailVerified;
  if (name) claims.name = name;
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } };
  return event;
};
