/**
 * The staff token and the admin API client built on it. The token comes from the config
 * (locally) or is typed in once per tab (kept in sessionStorage, gone with the tab); a 401
 * forgets a typed token and asks again.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type AdminApi, adminApi } from './api/admin-api.js';
import { createAdminRequester } from './api/admin-request.js';
import type { VendorConsoleConfig } from './console-config.js';

const TOKEN_KEY = 'ownstack.vendor.token';

interface AdminSession {
  api?: AdminApi;
  /** Why the token was asked for again, after the API refused the last one. */
  refused: boolean;
  /** Whether the token came from the config (nothing to sign out of). */
  configured: boolean;
  signIn(token: string): void;
  signOut(): void;
}

const AdminContext = createContext<AdminSession | undefined>(undefined);

export function AdminProvider({ config, children }: { config: VendorConsoleConfig; children: ReactNode }) {
  const [typed, setTyped] = useState<string | undefined>(() => sessionStorage.getItem(TOKEN_KEY) ?? undefined);
  const [refused, setRefused] = useState(false);
  const token = config.adminToken ?? typed;

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setTyped(undefined);
  }, []);
  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    setRefused(false);
    setTyped(next);
  }, []);

  const api = useMemo(() => {
    if (!token) return undefined;
    const onUnauthenticated = config.adminToken
      ? undefined
      : () => {
          setRefused(true);
          signOut();
        };
    return adminApi(createAdminRequester({ baseUrl: config.apiBaseUrl, token, onUnauthenticated }));
  }, [token, config.adminToken, config.apiBaseUrl, signOut]);

  const value = useMemo(() => ({ api, refused, configured: Boolean(config.adminToken), signIn, signOut }), [api, refused, config.adminToken, signIn, signOut]);
  return <AdminContext.Provider value={value}>{children}</AdminContext.Provider>;
}

export function useAdminSession(): AdminSession {
  const session = useContext(AdminContext);
  if (!session) throw new Error('useAdminSession() needs an <AdminProvider> above it.');
  return session;
}

/** The admin API, inside the part of the console that is only rendered with a token. */
export function useAdminApi(): AdminApi {
  const { api } = useAdminSession();
  if (!api) throw new Error('useAdminApi() is only available once a token is known.');
  return api;
}
