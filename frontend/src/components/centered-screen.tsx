/** A bare full-page frame for moments with no app chrome yet (start-up, sign-in callback). */
import type { ReactNode } from 'react';

export function CenteredScreen({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="centered-screen" tabIndex={-1}>
      {children}
    </main>
  );
}
