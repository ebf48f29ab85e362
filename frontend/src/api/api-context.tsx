/** Makes the one API client available to components; built once per signed-in app. */
import { createContext, type ReactNode, useContext } from 'react';
import type { ApiClient } from './client.js';

const ApiContext = createContext<ApiClient | undefined>(undefined);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() needs an <ApiProvider> above it (see app.tsx).');
  return client;
}
