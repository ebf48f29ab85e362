/** Asks for a staff token when the console's config carries none (in AWS), or after the API refused the last one. */
import { type FormEvent, useId, useState } from 'react';
import { PageFrame } from '../components/page-frame.js';

export function TokenForm({ refused, onToken }: { refused: boolean; onToken(token: string): void }) {
  const fieldId = useId();
  const errorId = useId();
  const [token, setToken] = useState('');
  const [missing, setMissing] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === '') {
      setMissing(true);
      return;
    }
    onToken(token.trim());
  };
  return (
    <PageFrame title="Sign in" description="The vendor console acts for vendor staff only: paste your staff access token.">
      <form className="card stack" onSubmit={onSubmit} noValidate>
        {refused ? (
          <p className="form-warning" role="alert">
            The control plane refused the last token (expired or not a staff token). Paste a new one.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={fieldId}>Staff access token</label>
          <p className="field-hint" id={`${fieldId}-hint`}>
            Kept in this tab only, and forgotten when it closes.
          </p>
          <input
            id={fieldId}
            className="input input-mono"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(event) => {
              setToken(event.target.value);
              setMissing(false);
            }}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${fieldId}-hint ${errorId}` : `${fieldId}-hint`}
          />
          {missing ? (
            <p className="form-error" id={errorId} role="alert">
              Paste the token first.
            </p>
          ) : null}
        </div>
        <p>
          <button type="submit" className="button button-primary">
            Continue
          </button>
        </p>
      </form>
    </PageFrame>
  );
}
