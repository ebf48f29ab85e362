/**
 * Success feedback after a write ("Invitation sent", "Key revoked"): one polite live region
 * per signed-in page, always in the DOM so screen readers announce what appears in it. The
 * message stays until dismissed, replaced, the next write starts (api/use-action.ts), or the
 * user goes to another page, so it never describes an older state than the one on screen.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';

interface Feedback {
  message?: { text: string; id: number };
  announce(text: string): void;
  dismiss(): void;
}

const FeedbackContext = createContext<Feedback | undefined>(undefined);

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<Feedback['message']>();
  const { pathname } = useLocation();
  const announce = useCallback((text: string) => setMessage((m) => ({ text, id: (m?.id ?? 0) + 1 })), []);
  const dismiss = useCallback(() => setMessage(undefined), []);

  useEffect(() => {
    void pathname; // a new page starts without the last page's message
    setMessage(undefined);
  }, [pathname]);

  const value = useMemo(() => ({ message, announce, dismiss }), [message, announce, dismiss]);
  return <FeedbackContext.Provider value={value}>{children}</FeedbackContext.Provider>;
}

export function useFeedback(): Pick<Feedback, 'announce' | 'dismiss'> {
  const feedback = useContext(FeedbackContext);
  if (!feedback) throw new Error('useFeedback() needs a <FeedbackProvider> above it (see signed-in-layout.tsx).');
  return feedback;
}

/** For hooks that also run outside the signed-in layout: dismiss when there is something to dismiss. */
export function useDismissFeedback(): () => void {
  return useContext(FeedbackContext)?.dismiss ?? noop;
}

const noop = () => {};

/** The region itself; rendered once, inside <main>, by the signed-in layout. */
export function FeedbackRegion() {
  const feedback = useContext(FeedbackContext);
  const message = feedback?.message;
  return (
    <div className="feedback" data-visible={Boolean(message)}>
      <div role="status" className="feedback-message">
        {message ? (
          <span key={message.id}>
            <span className="feedback-icon" aria-hidden="true">
              ✓
            </span>{' '}
            {message.text}
          </span>
        ) : null}
      </div>
      {message ? (
        <button type="button" className="button button-quiet feedback-dismiss" onClick={feedback?.dismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
