/**
 * The behaviour every modal <dialog> of the app shares: showModal/close follow `open`,
 * Esc goes through React state (and does nothing while `busy`), Tab cycles inside, focus
 * starts where `initialFocus` says and returns to the control that opened the dialog, or
 * to `fallbackFocus` (then <main>) if a write removed that control, never to <body>.
 */
import { type KeyboardEvent, type RefObject, type SyntheticEvent, useEffect, useRef } from 'react';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface ModalDialogBehaviour {
  open: boolean;
  busy: boolean;
  onDismiss(): void;
  /** Where focus starts once the dialog shows. */
  initialFocus(dialog: HTMLDialogElement): HTMLElement | null | undefined;
  fallbackFocus?: RefObject<HTMLElement | null>;
}

/** The first focusable control of a dialog: its first field, else its first button. */
export const firstControl = (dialog: HTMLDialogElement) =>
  dialog.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);

export function useModalDialog({ open, busy, onDismiss, initialFocus, fallbackFocus }: ModalDialogBehaviour) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);

  const restoreFocus = useRef(() => {});
  restoreFocus.current = () => {
    const target =
      opener.current instanceof HTMLElement && opener.current.isConnected ? opener.current : (fallbackFocus?.current ?? document.getElementById('main'));
    opener.current = null;
    target?.focus();
  };
  const focusInitially = useRef(initialFocus);
  focusInitially.current = initialFocus;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
      focusInitially.current(element)?.focus();
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

  // Esc: let React's state close it, so the two never disagree.
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    if (!busy) onDismiss();
  };

  return { ref: dialog, onKeyDown, onCancel };
}
