/** The validated runtime config, for the few components that show it (environment badge, version). */
import { createContext, type ReactNode, useContext } from 'react';
import type { WebConfig } from '../../functions/system/web-config.js';

const ConfigContext = createContext<WebConfig | undefined>(undefined);

export function ConfigProvider({ config, children }: { config: WebConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function useConfig(): WebConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error('useConfig() needs a <ConfigProvider> above it (see app.tsx).');
  return config;
}
