/**
 * The local OpenID provider standing in for Cognito: `oidc-provider` with the local
 * accounts (seeded and invited), one public client (the SPA: authorization code + PKCE)
 * and JWT access tokens for the API resource, signed RS256 with the persisted key.
 * Sessions and grants live in memory: a restart signs everyone out, but issued tokens
 * stay valid (the key persists). A disabled account gets no session and no token.
 */
import Provider, { type Configuration, errors, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { AUTH_CALLBACK_PATH } from '../../system/web-config.js';
import { ACCESS_TOKEN_TTL_SECONDS, API_RESOURCE, API_SCOPE, profileClaimsOf, WEB_CLIENT_ID } from './access-token.js';
import type { LocalAccounts } from './accounts.js';
import { type LocalKeys, SIGNING_ALG } from './keys.js';
import { errorPage, signedOutPage, signOutPage } from './pages.js';
import type { SessionStore } from './session-store.js';

export interface OidcProviderOptions {
  /** `${appUrl}/oidc`: the provider serves every endpoint under the issuer's path. */
  issuer: string;
  /** The origin the SPA is served from; its callback and sign-out landing are registered. */
  appUrl: string;
  keys: LocalKeys;
  /** The user store; also changed by the Cognito stand-in (invite, disable, delete). */
  accounts: LocalAccounts;
  sessions: SessionStore;
  onServerError?: (error: Error) => void;
}

/** Path of the sign-in pages, under the issuer's path; served by ./interactions.ts. */
export const interactionPath = (issuer: string, uid = '') => `${new URL(issuer).pathname}/interaction${uid ? `/${uid}` : ''}`;

export function createOidcProvider({ issuer, appUrl, keys, accounts, sessions, onServerError }: OidcProviderOptions): Provider {
  // A disabled (or deleted) account is not found: no code exchange, no session resumed.
  const usable = (sub: string) => {
    const account = accounts.bySub(sub);
    return account?.enabled ? account : undefined;
  };
  const configuration: Configuration = {
    adapter: sessions.adapter,
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: 'Ownstack',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${appUrl}${AUTH_CALLBACK_PATH}`],
        post_logout_redirect_uris: [`${appUrl}/`],
        scope: API_SCOPE,
      },
    ],
    scopes: API_SCOPE.split(' '),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    async findAccount(_ctx, sub) {
      const user = usable(sub);
      if (!user) return undefined;
      return { accountId: user.sub, claims: async () => ({ sub: user.sub, ...profileClaimsOf(user) }) };
    },
    jwks: { keys: [keys.signingKey as never] },
    cookies: { keys: keys.cookieKeys },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = signOutPage(form, ctx.host);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        // The SPA asks for no resource; every token is for the API, as Cognito's are.
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, resource) {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget(`Unknown resource ${resource}; this provider issues tokens for ${API_RESOURCE} only.`);
          return {
            scope: API_SCOPE,
            audience: WEB_CLIENT_ID,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !('accountId' in token) || typeof token.accountId !== 'string') return undefined;
      const user = usable(token.accountId);
      return user ? profileClaimsOf(user) : undefined;
    },
    interactions: { policy: signInPolicy(), url: async (_ctx, interaction) => interactionPath(issuer, interaction.uid) },
    loadExistingGrant: autoGrantFirstParty,
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage('Sign-in could not continue', String(out.error_description ?? out.error ?? 'Unknown error'));
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx: unknown, error: Error) => onServerError?.(error));
  return provider;
}

/**
 * oidc-provider's default prompts, plus: a session whose account is no longer usable
 * (disabled or deleted since it signed in) must sign in again, as Cognito's hosted UI would.
 */
function signInPolicy() {
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('account_unavailable', 'The signed-in account is disabled or no longer exists', (ctx) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}

/** The SPA is first party: consent is implied, as it is for a Cognito app client. */
async function autoGrantFirstParty(ctx: KoaContextWithOIDC) {
  const { client, session, account, provider } = ctx.oidc;
  if (!client || !session || !account) return undefined;
  const grantId = (ctx.oidc.result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await provider.Grant.find(grantId);
    if (existing) return existing;
  }
  if (client.clientId !== WEB_CLIENT_ID) return undefined;
  const grant = new provider.Grant({ clientId: client.clientId, accountId: account.accountId });
  grant.addOIDCScope(API_SCOPE);
  grant.addResourceScope(API_RESOURCE, API_SCOPE);
  await grant.save();
  return grant;
}
