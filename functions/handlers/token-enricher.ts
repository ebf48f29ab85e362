/**
 * Cognito pre token generation (V2) trigger: copies the user's email, its verified flag,
 * the name and the groups a federated IdP asserted (`custom:idp_groups`, mapped from the
 * SAML/OIDC groups attribute) into the access token, which the API authenticates with
 * (Cognito leaves them out of access tokens by default). Adds nothing the pool did not hold,
 * except `mfa`, which states what the pool's MFA policy already enforced.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { loadConfigPart } from '../platform/config.js';

const { MFA_POLICY } = loadConfigPart(['MFA_POLICY']);

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const { email, email_verified: emailVerified, name, 'custom:idp_groups': idpGroups } = event.request.userAttributes;
  const claims: Record<string, string> = {};
  if (email) claims.email = email;
  if (emailVerified) claims.email_verified = emailVerified;
  if (name) claims.name = name;
  if (idpGroups) claims.idp_groups = idpGroups.slice(0, 4000);
  // Cognito forbids adding `amr`, and tells the trigger nothing of the factors used. With
  // MFA REQUIRED, no native sign-in completes without TOTP, so the claim is true for them.
  // Federated users never see Cognito's MFA (their IdP's is invisible here): never marked.
  if (MFA_POLICY === 'REQUIRED' && !isFederated(event.request.userAttributes)) claims.mfa = 'true';
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } };
  return event;
};

const isFederated = (attributes: Record<string, string>) => Boolean(attributes.identities) || attributes['cognito:user_status'] === 'EXTERNAL_PROVIDER';
