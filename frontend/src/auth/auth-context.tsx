/**
 * Who is signed in, and the three things the UI can do about it: sign in (remembering the
 * page the user wanted), complete the redirect, sign out. Cognito has no end_session
 * endpoint in its discovery document, so when the config names a `signOutUrl` the SPA
 * drops its tokens and goes there instead of asking oidc-client-ts for a sign-out redirect.
 */
import type { User, UserManager } from 'oidc-client-ts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { WebConfig } from '../../../functions/system/web-config.js';
import { safeReturnPath } from './user-manager.js';

export type AuthState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

export interface Auth {
  state: AuthState;
  /** Redirects to the identity provider; after the callback the user lands on `returnTo`. */
  signIn(returnTo?: string): Promise<void>;
  /** Exchanges the code in the current URL for tokens; resolves to the path to return to. */
  completeSignIn(): Promise<string>;
  signOut(): Promise<void>;
  getAccessToken(): Promise<string | undefined>;
  /** The API said 401: drop the tokens and sign in again, back to the current page. */
  reauthenticate(): void;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/** A 401 this soon after signing in means the API refuses fresh tokens; looping would not help. */
const FRESH_SIGN_IN_MS = 30_000;
const SIGNED_IN_AT_KEY = 'ownstack.auth.signedInAt';

// One exchange per callback URL: React may mount the callback page twice (StrictMode), and a
// code can be redeemed only once.
const callbacksInFlight = new Map<string, Promise<User>>();

export function AuthProvider({ userManager, config, children }: { userManager: UserManager; config: WebConfig; children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const navigate = useNavigate();

  useEffect(() => {
    let active = true;
    userManager.getUser().then(
      async (user) => {
        if (user?.expired) await userManager.removeUser();
        if (active) setState(user && !user.expired ? { status: 'signed-in', user } : { status: 'signed-out' });
      },
      () => active && setState({ status: 'signed-out' }),
    );
    const onLoaded = (user: User) => setState({ status: 'signed-in', user });
    const onUnloaded = () => setState({ status: 'signed-out' });
    const onExpired = () => void userManager.removeUser();
    userManager.events.addUserLoaded(onLoaded);
    userManager.events.addUserUnloaded(onUnloaded);
    userManager.events.addAccessTokenExpired(onExpired);
    return () => {
      active = false;
      userManager.events.removeUserLoaded(onLoaded);
      userManager.events.removeUserUnloaded(onUnloaded);
      userManager.events.removeAccessTokenExpired(onExpired);
    };
  }, [userManager]);

  const signIn = useCallback((returnTo?: string) => userManager.signinRedirect({ state: { returnTo: safeReturnPath(returnTo) } }), [userManager]);

  const completeSignIn = useCallback(async () => {
    const url = window.location.href;
    let exchange = callbacksInFlight.get(url);
    if (!exchange) {
      exchange = userManager.signinRedirectCallback(url);
      callbacksInFlight.set(url, exchange);
    }
    const user = await exchange;
    sessionStorage.setItem(SIGNED_IN_AT_KEY, String(Date.now()));
    setState({ status: 'signed-in', user });
    const custom = user.state as { returnTo?: unknown } | undefined;
    return safeReturnPath(custom?.returnTo);
  }, [userManager]);

  const signOut = useCallback(async () => {
    sessionStorage.removeItem(SIGNED_IN_AT_KEY);
    const { signOutUrl } = config.auth;
    if (signOutUrl) {
      await userManager.removeUser();
      window.location.assign(signOutUrl);
      return;
    }
    try {
      await userManager.signoutRedirect();
    } catch {
      // The provider has no end_session_endpoint and no signOutUrl is configured: end the
      // session in this tab at least.
      await userManager.removeUser();
      navigate('/', { replace: true });
    }
  }, [config, userManager, navigate]);

  const getAccessToken = useCallback(async () => {
    const user = await userManager.getUser();
    return user && !user.expired ? user.access_token : undefined;
  }, [userManager]);

  const reauthenticate = useCallback(() => {
    const signedInAt = Number(sessionStorage.getItem(SIGNED_IN_AT_KEY) ?? 0);
    if (Date.now() - signedInAt < FRESH_SIGN_IN_MS) return;
    // The stale tokens are replaced when the new sign-in completes.
    void signIn(`${window.location.pathname}${window.location.search}${window.location.hash}`);
  }, [signIn]);

  const value = useMemo<Auth>(
    () => ({ state, signIn, completeSignIn, signOut, getAccessToken, reauthenticate }),
    [state, signIn, completeSignIn, signOut, getAccessToken, reauthenticate],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() needs an <AuthProvider> above it (see app.tsx).');
  return auth;
}
