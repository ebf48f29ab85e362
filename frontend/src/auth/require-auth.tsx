/** Guards the signed-in part of the app: signed-out visitors go to the start page, which remembers where they were heading. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { CenteredScreen } from '../components/centered-screen.js';
import { StatusMessage } from '../components/status-message.js';
import { useAuth } from './auth-context.js';

export interface ReturnState {
  returnTo?: string;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'signed-in') return children;
  if (state.status === 'loading') {
    return (
      <CenteredScreen>
        <StatusMessage>Checking your session…</StatusMessage>
      </CenteredScreen>
    );
  }
  const returnTo = `${location.pathname}${location.search}${location.hash}`;
  return <Navigate to="/" replace state={{ returnTo } satisfies ReturnState} />;
}
