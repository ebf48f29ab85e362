/** The frame of every signed-in page: guard, the current user, header with user menu, primary navigation, success feedback. */
import { Outlet } from 'react-router-dom';
import { MeProvider } from '../api/me-context.js';
import { RequireAuth } from '../auth/require-auth.js';
import { AppShell } from './app-shell.js';
import { FeedbackProvider, FeedbackRegion } from './feedback.js';
import { PastDueBanner } from './past-due-banner.js';
import { PrimaryNav } from './primary-nav.js';
import { UpdateBanner } from './update-banner.js';
import { UserMenu } from './user-menu.js';

export function SignedInLayout() {
  return (
    <RequireAuth>
      <MeProvider>
        <FeedbackProvider>
          <AppShell nav={<PrimaryNav />} actions={<UserMenu />}>
            <PastDueBanner />
            <UpdateBanner />
            <Outlet />
            <FeedbackRegion />
          </AppShell>
        </FeedbackProvider>
      </MeProvider>
    </RequireAuth>
  );
}
