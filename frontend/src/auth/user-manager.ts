/**
 * Builds the OIDC client from the runtime config. The same code signs in against Cognito
 * (in AWS) and the local runtime's provider (issuer `${origin}/oidc`): authorization code
 * with PKCE, tokens kept in sessionStorage so they end with the tab.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { AUTH_CALLBACK_PATH, type WebConfig } from '../../../functions/system/web-config.js';

export function createUserManager(config: WebConfig, origin = window.location.origin): UserManager {
  return new UserManager({
    authority: config.auth.authority,
    client_id: config.auth.clientId,
    redirect_uri: `${origin}${AUTH_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.auth.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Names and roles come from GET /api/me, not from userinfo: a JWT access token minted for
    // the API is not always accepted by the provider's userinfo endpoint.
    loadUserInfo: false,
    // No silent renew: a session outlives the access token only by signing in again (on the
    // first 401), which keeps the flow identical on Cognito and the local provider.
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Where to go after sign-in: only same-origin paths, never back to the callback itself. */
export function safeReturnPath(candidate: unknown, fallback = '/profile'): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  if (candidate.startsWith(AUTH_CALLBACK_PATH)) return fallback;
  return candidate;
}
