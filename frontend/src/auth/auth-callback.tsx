/** The OIDC redirect lands here: exchange the code for tokens, then go where the user was going. */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { CenteredScreen } from '../components/centered-screen.js';
import { StatusMessage } from '../components/status-message.js';
import { usePageTitle } from '../components/use-page-title.js';
import { useAuth } from './auth-context.js';

export function AuthCallback() {
  const { completeSignIn } = useAuth();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  usePageTitle(failure ? 'Sign-in failed' : 'Signing in');

  useEffect(() => {
    let active = true;
    completeSignIn().then(
      (returnTo) => active && navigate(returnTo, { replace: true }),
      (error: unknown) => active && setFailure(describe(error)),
    );
    return () => {
      active = false;
    };
  }, [completeSignIn, navigate]);

  if (!failure) {
    return (
      <CenteredScreen>
        <StatusMessage>Signing you in…</StatusMessage>
      </CenteredScreen>
    );
  }
  return (
    <CenteredScreen>
      <div className="panel stack" role="alert">
        <h1>Sign-in did not complete</h1>
        <p>{failure}</p>
        <p>
          <Link className="button button-primary" to="/" replace>
            Back to the start page
          </Link>
        </p>
      </div>
    </CenteredScreen>
  );
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'error_description' in error && typeof error.error_description === 'string') return error.error_description;
  if (error instanceof Error) return error.message;
  return 'The identity provider returned an unexpected answer.';
}
