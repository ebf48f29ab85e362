/**
 * Asks before a consequential write (deactivate, revoke, delete, owner changes). A native
 * modal <dialog>: the page behind is inert, Esc cancels, Tab cycles inside it, and focus
 * starts on Cancel (the safe choice) and returns to the control that opened it. A failed
 * write keeps the dialog open with the reason.
 */
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import type { ApiProblem } from '../api/problem.js';
import { InlineProblem } from './problem-message.js';

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

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, tone = 'danger', pending = false, problem, onConfirm, onCancel, fallbackFocus } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  // Focus goes back where it came from; if a successful write removed that control (a
  // revoked row loses its Revoke button), to the fallback, so it never drops to <body>.
  const restoreFocus = useRef(() => {});
  restoreFocus.current = () => {
    const target =
      opener.current instanceof HTMLElement && opener.current.isConnected ? opener.current : (fallbackFocus?.current ?? document.getElementById('main'));
    opener.current = null;
    target?.focus();
  };

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
      cancelButton.current?.focus();
    } else if (!open && element.open) {
      element.close();
      restoreFocus.current();
    }
  }, [open]);

  // Unmounted while open (the row it belonged to changed): the dialog leaves with it.
  useEffect(
    () => () => {
      if (opener.current) queueMicrotask(() => restoreFocus.current());
    },
    [],
  );

  // Tab from the last control goes to the first, and back: focus never leaves the dialog.
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        // Esc: let React's state close it, so the two never disagree.
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
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
