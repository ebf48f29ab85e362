/**
 * Wiring of the SPA: config, router, auth, the API client, and the route table. Adding a page
 * means one <Route> here and one entry in components/primary-nav.tsx (see docs/ui.md).
 */
import { type ReactNode, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AUTH_CALLBACK_PATH, type WebConfig } from '../../functions/system/web-config.js';
import { ApiProvider } from './api/api-context.js';
import { createApiClient } from './api/client.js';
import { AuthCallback } from './auth/auth-callback.js';
import { AuthProvider, useAuth } from './auth/auth-context.js';
import { createUserManager } from './auth/user-manager.js';
import { CenteredScreen } from './components/centered-screen.js';
import { SignedInLayout } from './components/signed-in-layout.js';
import { StatusMessage } from './components/status-message.js';
import { ConfigProvider } from './config-context.js';
import { ApiKeysPage } from './pages/api-keys/api-keys-page.js';
import { AuditPage } from './pages/audit/audit-page.js';
import { BillingPage } from './pages/billing/billing-page.js';
import { DocumentPage } from './pages/documents/document-page.js';
import { SharedWithMePage } from './pages/documents/shared-with-me-page.js';
import { GroupsPage } from './pages/groups/groups-page.js';
import { JobsPage } from './pages/jobs/jobs-page.js';
import { UpdatesPage } from './pages/updates/updates-page.js';
import { FlagPage, NewFlagPage } from './pages/flags/flag-page.js';
import { FlagsPage } from './pages/flags/flags-page.js';
import { LandingPage } from './pages/landing-page.js';
import { MembersPage } from './pages/members/members-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { ProfilePage } from './pages/profile-page.js';
import { ProjectPage } from './pages/projects/project-page.js';
import { ProjectsPage } from './pages/projects/projects-page.js';
import { SecurityPage } from './pages/security/security-page.js';
import { TrashPage } from './pages/trash/trash-page.js';

export function App({ config }: { config: WebConfig }) {
  const userManager = useMemo(() => createUserManager(config), [config]);
  return (
    <ConfigProvider config={config}>
      <BrowserRouter>
        <AuthProvider userManager={userManager} config={config}>
          <AuthenticatedApi baseUrl={config.apiBaseUrl}>
            <Routes>
              <Route path={AUTH_CALLBACK_PATH} element={<AuthCallback />} />
              <Route index element={<Home />} />
              <Route element={<SignedInLayout />}>
                <Route path="profile" element={<ProfilePage />} />
                <Route path="projects" element={<ProjectsPage />} />
                <Route path="projects/:projectId" element={<ProjectPage />} />
                <Route path="documents/:documentId" element={<DocumentPage />} />
                <Route path="shared" element={<SharedWithMePage />} />
                <Route path="trash" element={<TrashPage />} />
                <Route path="members" element={<MembersPage />} />
                <Route path="groups" element={<GroupsPage />} />
                <Route path="api-keys" element={<ApiKeysPage />} />
                <Route path="security" element={<SecurityPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="jobs" element={<JobsPage />} />
                <Route path="updates" element={<UpdatesPage />} />
                <Route path="flags" element={<FlagsPage />} />
                <Route path="flags/new" element={<NewFlagPage />} />
                <Route path="flags/:key" element={<FlagPage />} />
                <Route path="billing" element={<BillingPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </AuthenticatedApi>
        </AuthProvider>
      </BrowserRouter>
    </ConfigProvider>
  );
}

/** `/`: the landing page when signed out, the first section when signed in. */
function Home() {
  const { state } = useAuth();
  if (state.status === 'signed-in') return <Navigate to="/profile" replace />;
  if (state.status === 'signed-out') return <LandingPage />;
  return (
    <CenteredScreen>
      <StatusMessage>Checking your session…</StatusMessage>
    </CenteredScreen>
  );
}

/** The API client carries the current access token and answers a 401 by signing in again. */
function AuthenticatedApi({ baseUrl, children }: { baseUrl: string; children: ReactNode }) {
  const { getAccessToken, reauthenticate } = useAuth();
  const client = useMemo(() => createApiClient({ baseUrl, getAccessToken, onUnauthenticated: reauthenticate }), [baseUrl, getAccessToken, reauthenticate]);
  return <ApiProvider client={client}>{children}</ApiProvider>;
}
