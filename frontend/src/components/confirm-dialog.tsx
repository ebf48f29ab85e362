/**
 * Asks before a consequential write (deactivate, revoke, delete, owner changes). A native
 * modal <dialog>: the page behind is inert, Esc cancels, Tab cycles inside it, and focus
 * starts on Cancel (the safe choice) and returns to the control that opened it. A failed
 * write keeps the dialog open with the reason.
 */
import { type ReactNode, type RefObject, useId, useRef } from 'react';
import type { ApiProblem } from '../api/problem.js';
import { InlineProblem } from './problem-message.js';
import { useModalDialog } from './use-modal-dialog.js';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  /** The confirming button's label, a verb: "Deactivate", "Revoke key". */
  confirmLabel: string;
  /** Destructive actions get the danger button. @default 'danger' */
  tone?: 'danger' | 'primary';
  pending?: boolean;
  problem?: ApiProblem;
  onConfirm(): void;
  onCancel(): void;
  /** Where focus goes if the control that opened the dialog is gone afterwards. @default <main> */
  fallbackFocus?: RefObject<HTMLElement | null>;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, tone = 'danger', pending = false, problem, onConfirm, onCancel, fallbackFocus } = props;
  const cancelButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  // Focus starts on Cancel, the safe choice.
  const modal = useModalDialog({ open, busy: pending, onDismiss: onCancel, initialFocus: () => cancelButton.current, fallbackFocus });

  return (
    <dialog ref={modal.ref} className="dialog" aria-labelledby={titleId} aria-describedby={bodyId} onKeyDown={modal.onKeyDown} onCancel={modal.onCancel}>
      {open ? (
        <div className="dialog-body stack">
          <h2 id={titleId}>{title}</h2>
          <div id={bodyId} className="stack">
            {children}
          </div>
          {problem ? <InlineProblem problem={problem} /> : null}
          <div className="button-row dialog-actions">
            <button type="button" className="button button-secondary" onClick={onCancel} disabled={pending} ref={cancelButton}>
              Cancel
            </button>
            <button type="button" className={`button ${tone === 'danger' ? 'button-danger' : 'button-primary'}`} onClick={onConfirm} disabled={pending}>
              {pending ? 'Working…' : confirmLabel}
            </button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
