/**
 * The vendor console: the same frame and styles as the app (skip link, header, primary
 * navigation, main, footer), its own sections. Routes live in the URL's hash, so any static
 * host (the local control plane, S3 in AWS) serves the one index.html without rewrites.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { HashRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { Brand } from '../components/brand.js';
import { FeedbackProvider, FeedbackRegion } from '../components/feedback.js';
import { AdminProvider, useAdminSession } from './admin-context.js';
import type { VendorConsoleConfig } from './console-config.js';
import { ActivationCodesPage } from './pages/activation-codes-page.js';
import { FleetFlagsPage } from './pages/fleet-flags-page.js';
import { FleetPage } from './pages/fleet-page.js';
import { TokenForm } from './token-form.js';

const sections = [
  { to: '/fleet', label: 'Fleet' },
  { to: '/activation-codes', label: 'Activation codes' },
  { to: '/flags', label: 'Fleet flags' },
] as const;

export function VendorConsole({ config }: { config: VendorConsoleConfig }) {
  return (
    <AdminProvider config={config}>
      <HashRouter>
        <FeedbackProvider>
          <ConsoleShell version={config.version}>
            <ConsoleRoutes />
          </ConsoleShell>
        </FeedbackProvider>
      </HashRouter>
    </AdminProvider>
  );
}

function ConsoleRoutes() {
  const session = useAdminSession();
  if (!session.api) return <TokenForm refused={session.refused} onToken={session.signIn} />;
  return (
    <>
      <Routes>
        <Route index element={<Navigate to="/fleet" replace />} />
        <Route path="fleet" element={<FleetPage />} />
        <Route path="activation-codes" element={<ActivationCodesPage />} />
        <Route path="flags" element={<FleetFlagsPage />} />
        <Route path="*" element={<Navigate to="/fleet" replace />} />
      </Routes>
      <FeedbackRegion />
    </>
  );
}

function ConsoleShell({ version, children }: { version?: string; children: ReactNode }) {
  const session = useAdminSession();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    // A new section starts at its content, as in the app (components/app-shell.tsx).
    void pathname;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <div className="app">
      {/* The hash holds the route here, so "#main" would be a route: a button moves focus instead. */}
      <button type="button" className="skip-link vendor-skip" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header className="site-header">
        <div className="container header-inner">
          <div className="header-brand">
            <Brand />
            <span className="badge vendor-badge">Vendor console</span>
          </div>
          {session.api && !session.configured ? (
            <div className="header-actions">
              <button type="button" className="button button-secondary button-small" onClick={session.signOut}>
                Forget token
              </button>
            </div>
          ) : null}
        </div>
      </header>
      {session.api ? (
        <nav className="primary-nav" aria-label="Primary">
          <div className="container">
            <ul className="primary-nav-list">
              {sections.map((section) => (
                <li key={section.to}>
                  <NavLink to={section.to} className="primary-nav-link">
                    {section.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      ) : null}
      <main id="main" ref={main} tabIndex={-1} className="container site-main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">Ownstack control plane{version ? ` ${version}` : ''}</div>
      </footer>
    </div>
  );
}
