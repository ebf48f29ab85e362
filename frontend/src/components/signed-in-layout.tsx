/** The frame of every signed-in page: guard, the current user, header with user menu, primary navigation. */
import { Outlet } from 'react-router-dom';
import { MeProvider } from '../api/me-context.js';
import { RequireAuth } from '../auth/require-auth.js';
import { AppShell } from './app-shell.js';
import { PrimaryNav } from './primary-nav.js';
import { UserMenu } from './user-menu.js';

export function SignedInLayout() {
  return (
    <RequireAuth>
      <MeProvider>
        <AppShell nav={<PrimaryNav />} actions={<UserMenu />}>
          <Outlet />
        </AppShell>
      </MeProvider>
    </RequireAuth>
  );
}
