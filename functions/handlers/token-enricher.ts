/**
 * Cognito pre token generation (V2) trigger: copies the user's email, its verified flag,
 * the name and the groups a federated IdP asserted (`custom:idp_groups`, mapped from the
 * SAML/OIDC groups attribute) into the access token, which the API authenticates with
 * (Cognito leaves them out of access tokens by default). Adds nothing the pool did not hold.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const { email, email_verified: emailVerified, name, 'custom:idp_groups': idpGroups } = event.request.userAttributes;
  const claims: Record<string, string> = {};
  if (email) claims.email = email;
  if (emailVerified) claims.email_verified = emailVerified;
  if (name) claims.name = name;
  if (idpGroups) claims.idp_groups = idpGroups.slice(0, 4000);
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } };
  return event;
};
