/**
 * A modal dialog for a task (create a project, share a document, move it): a native modal
 * <dialog> named by its heading, like ConfirmDialog: the page behind is inert, Tab cycles
 * inside, Esc closes (unless a write is running), focus starts on the first field and
 * returns to the control that opened it, or to `fallbackFocus` if that control is gone.
 */
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';

export interface ModalDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  onClose(): void;
  /** While true, Esc does nothing (a write is running). */
  busy?: boolean;
  /** A wider dialog for side-by-side content. @default 'normal' */
  size?: 'normal' | 'wide';
  fallbackFocus?: RefObject<HTMLElement | null>;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ModalDialog({ open, title, children, onClose, busy = false, size = 'normal', fallbackFocus }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();

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
      // The first field, so typing can start at once; the dialog's first button otherwise.
      const first = element.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea') ?? element.querySelector<HTMLElement>(FOCUSABLE);
      first?.focus();
    } else if (!open && element.open) {
      element.close();
      restoreFocus.current();
    }
  }, [open]);

  useEffect(
    () => () => {
      if (opener.current) queueMicrotask(() => restoreFocus.current());
    },
    [],
  );

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
      data-size={size}
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open ? (
        <div className="dialog-body stack">
          <h2 id={titleId}>{title}</h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
