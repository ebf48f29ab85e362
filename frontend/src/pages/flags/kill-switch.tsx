/**
 * The kill switch: one button that asks first (everyone gets the default variant at once,
 * whatever the rules say), and the way back. Props in, callback out, for both planes.
 */
import { useState } from 'react';
import type { ApiProblem } from '../../api/problem.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';

export interface KillSwitchProps {
  flagKey: string;
  killed: boolean;
  /** What everyone gets when killed, e.g. the default variant "off". */
  defaultVariant: string;
  pending?: boolean;
  problem?: ApiProblem;
  /** Resolves true when the change is saved (the dialog then closes). */
  onChange(killed: boolean): Promise<boolean>;
  /** Whom the kill reaches, in words. @default 'every user of this installation' */
  audience?: string;
}

export function KillSwitch({
  flagKey,
  killed,
  defaultVariant,
  pending = false,
  problem,
  onChange,
  audience = 'every user of this installation',
}: KillSwitchProps) {
  const [asking, setAsking] = useState(false);
  const next = !killed;
  return (
    <>
      <button type="button" className={`button ${killed ? 'button-secondary' : 'button-danger'}`} disabled={pending} onClick={() => setAsking(true)}>
        {killed ? 'Revive' : 'Kill'}
        <span className="visually-hidden"> {flagKey}</span>
      </button>
      <ConfirmDialog
        open={asking}
        title={next ? `Kill ${flagKey}?` : `Revive ${flagKey}?`}
        confirmLabel={next ? 'Kill flag' : 'Revive flag'}
        tone={next ? 'danger' : 'primary'}
        pending={pending}
        problem={problem}
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          if (await onChange(next)) setAsking(false);
        }}
      >
        <p>
          {next
            ? `From the next request on, ${audience} gets the default variant "${defaultVariant}", whatever the rules say.`
            : 'The rules apply again from the next request on.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
