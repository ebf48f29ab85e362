/**
 * A modal dialog for a task (create a project, share a document, move it): a native modal
 * <dialog> named by its heading, with the behaviour of ConfirmDialog (use-modal-dialog.ts):
 * focus starts on the first field.
 */
import { type ReactNode, type RefObject, useId } from 'react';
import { firstControl, useModalDialog } from './use-modal-dialog.js';

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

export function ModalDialog({ open, title, children, onClose, busy = false, size = 'normal', fallbackFocus }: ModalDialogProps) {
  const titleId = useId();
  // The first field, so typing can start at once; the dialog's first button otherwise.
  const modal = useModalDialog({ open, busy, onDismiss: onClose, initialFocus: firstControl, fallbackFocus });

  return (
    <dialog ref={modal.ref} className="dialog" data-size={size} aria-labelledby={titleId} onKeyDown={modal.onKeyDown} onCancel={modal.onCancel}>
      {open ? (
        <div className="dialog-body stack">
          <h2 id={titleId}>{title}</h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
