/**
 * The "require a second factor for administration" switch. It saves at once (a switch is an
 * action); turning it on from a session without MFA asks first, because the built-in
 * `admin-needs-mfa-when-required` policy would then refuse this very person, including
 * turning it off again, until they sign in with a second factor.
 */
import { useId, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Me, SecuritySettings } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';

export function MfaSetting({ settings, me, onSaved }: { settings: SecuritySettings; me: Me; onSaved(settings: SecuritySettings): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const headingId = useId();
  const switchId = useId();
  const hintId = useId();
  const [confirming, setConfirming] = useState(false);
  const save = useAction((requireMfaForAdmin: boolean) => api.updateSecuritySettings({ requireMfaForAdmin }));
  const on = settings.requireMfaForAdmin;

  const apply = async (next: boolean) => {
    const saved = await save.run(next);
    if (!saved) return;
    setConfirming(false);
    onSaved(saved);
    announce(saved.requireMfaForAdmin ? 'A second factor is now required for administration.' : 'A second factor is no longer required for administration.');
  };

  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Second factor</h2>
      <div className="switch-field">
        <input
          id={switchId}
          type="checkbox"
          role="switch"
          className="switch"
          checked={on}
          aria-checked={on}
          disabled={save.pending}
          aria-describedby={hintId}
          onChange={(event) => {
            save.reset();
            if (event.target.checked && !me.user.mfa) setConfirming(true);
            else void apply(event.target.checked);
          }}
        />
        <label htmlFor={switchId}>Require a second factor for administration</label>
        <span className="switch-state" aria-hidden="true">
          {on ? 'On' : 'Off'}
        </span>
      </div>
      <p className="field-hint" id={hintId}>
        When on, admins and owners must have signed in with MFA to manage members, groups, API keys and policies. Reading is not affected.
      </p>
      {save.problem && !confirming ? <InlineProblem problem={save.problem} /> : null}
      <ConfirmDialog
        open={confirming}
        title="Require a second factor, starting with you?"
        confirmLabel="Require it"
        pending={save.pending}
        problem={save.problem}
        onConfirm={() => apply(true)}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <strong>You signed in without a second factor.</strong> Once this is on, you cannot administer this installation, not even to turn this off, until you
          sign in again with one.
        </p>
      </ConfirmDialog>
    </section>
  );
}
