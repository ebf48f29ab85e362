/**
 * The new key's secret, shown once: a clear warning, the secret in a read-only field with a
 * Copy button, and a Done button that removes it for good. Focus moves here when it appears,
 * so keyboard and screen-reader users cannot miss it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedApiKey } from '../../api/client.js';
import { formatDate } from '../../format.js';

export function SecretPanel({ created, onDismiss }: { created: CreatedApiKey; onDismiss(): void }) {
  const headingId = useId();
  const secretId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => heading.current?.focus(), []);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopy('copied');
    } catch {
      // No clipboard permission (or not a secure context): select it so Ctrl+C works.
      field.current?.select();
      setCopy('failed');
    }
  };

  return (
    <section className="panel secret-panel stack" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        <span aria-hidden="true">⚠ </span>Copy the secret of “{created.key.name}” now
      </h2>
      <p>
        <strong>This is the only time it is shown.</strong> Store it in your secrets manager. If it is lost, revoke the key and create another. It expires on{' '}
        {formatDate(created.key.expiresAt)}.
      </p>
      <div className="field">
        <label htmlFor={secretId}>Secret</label>
        <div className="secret-row">
          <input
            id={secretId}
            ref={field}
            className="input input-mono"
            readOnly
            value={created.secret}
            onFocus={(event) => event.target.select()}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="button button-secondary" onClick={onCopy}>
            Copy
          </button>
        </div>
        <p className="field-hint" role="status">
          {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'failed' ? 'Could not copy automatically: the secret is selected, press Ctrl+C (⌘C).' : ''}
        </p>
      </div>
      <p className="muted small">
        Send it as <code>Authorization: Bearer &lt;secret&gt;</code>. In AWS, keys are accepted by the integration API (the stack output{' '}
        <code>IntegrationApiUrl</code>), not by this app’s address.
      </p>
      <p>
        <button type="button" className="button button-primary" onClick={onDismiss}>
          I have stored it — hide the secret
        </button>
      </p>
    </section>
  );
}
