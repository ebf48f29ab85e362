/**
 * The page frame every screen shares: skip link, header (product, environment, the slot for
 * the user menu), optional primary navigation, the main landmark and a footer. On a route
 * change focus moves to <main>, so keyboard and screen-reader users start at the new content.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { useConfig } from '../config-context.js';
import { Brand } from './brand.js';
import { EnvironmentBadge } from './environment-badge.js';

export interface AppShellProps {
  /** The primary navigation; absent on signed-out pages. */
  nav?: ReactNode;
  /** Right-hand side of the header (the user menu). */
  actions?: ReactNode;
  children: ReactNode;
}

export function AppShell({ nav, actions, children }: AppShellProps) {
  const { version } = useConfig();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    // `pathname` is read so the effect runs on every navigation, not only on mount.
    void pathname;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <div className="header-brand">
            <Brand />
            <EnvironmentBadge />
          </div>
          {actions ? <div className="header-actions">{actions}</div> : null}
        </div>
      </header>
      {nav}
      <main id="main" ref={main} tabIndex={-1} className="container site-main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">Ownstack {version}</div>
      </footer>
    </div>
  );
}
