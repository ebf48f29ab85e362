/** `/` when signed out: what this is, and the way in. Remembers the page a deep link was heading for. */
import { useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useAuth } from '../auth/auth-context.js';
import type { ReturnState } from '../auth/require-auth.js';
import { AppShell } from '../components/app-shell.js';
import { usePageTitle } from '../components/use-page-title.js';
import { useConfig } from '../config-context.js';

export function LandingPage() {
  usePageTitle('Welcome');
  const { signIn } = useAuth();
  const { environment } = useConfig();
  const location = useLocation();
  const returnTo = (location.state as ReturnState | null)?.returnTo;
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string>();

  const onSignIn = () => {
    setPending(true);
    setFailure(undefined);
    signIn(returnTo).catch(() => {
      setPending(false);
      setFailure('The sign-in service could not be reached. Check your connection and try again.');
    });
  };

  return (
    <AppShell>
      <section className="hero" aria-labelledby="welcome-heading">
        <h1 id="welcome-heading">Welcome to Ownstack</h1>
        <p className="lead">
          {environment === 'local'
            ? 'You are using the local runtime: the whole product, running on this machine.'
            : 'Your projects and documents, in a workspace that runs in your own AWS account.'}
        </p>
        {returnTo ? <p className="muted">Sign in to continue to the page you asked for.</p> : null}
        <p>
          <button type="button" className="button button-primary button-large" onClick={onSignIn} disabled={pending}>
            {pending ? 'Redirecting…' : 'Sign in'}
          </button>
        </p>
        {failure ? (
          <p className="form-error" role="alert">
            {failure}
          </p>
        ) : null}
      </section>
    </AppShell>
  );
}
