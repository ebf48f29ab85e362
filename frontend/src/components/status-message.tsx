/** A polite live region for "loading…" states, with a spinner that is hidden from assistive technology. */
import type { ReactNode } from 'react';

export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <div className="status-message" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{children}</span>
    </div>
  );
}
