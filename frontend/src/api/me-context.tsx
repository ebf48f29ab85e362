/**
 * GET /api/me, loaded once for the signed-in part of the app: the header shows the name,
 * the profile page shows the rest, and neither issues its own request.
 */
import { createContext, type ReactNode, useContext } from 'react';
import { useApi } from './api-context.js';
import type { Me } from './client.js';
import { type Resource, useResource } from './use-resource.js';

/** `refresh()` reloads quietly (after a billing change), keeping what is shown meanwhile. */
type MeResource = Resource<Me> & { retry(): void; refresh(): void };

const MeContext = createContext<MeResource | undefined>(undefined);

export function MeProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const me = useResource(api.getMe);
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): MeResource {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() needs a <MeProvider> above it (see signed-in-layout.tsx).');
  return me;
}
