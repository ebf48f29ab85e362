/**
 * Success messages that survive a navigation: a write that leads to another page ("Project
 * created" opens the project) passes its message as router state, and the page it lands on
 * announces it. The feedback region clears itself when the path changes, so the message is
 * announced just after that, once per visit.
 */
import { useEffect } from 'react';
import { type NavigateOptions, useLocation } from 'react-router-dom';
import { useFeedback } from './feedback.js';

/** Options for `navigate(to, withFeedback('Project created.'))`. */
export function withFeedback(text: string): NavigateOptions {
  return { state: { feedback: text } };
}

export function useArrivalFeedback(): void {
  const { announce } = useFeedback();
  const location = useLocation();
  const text = (location.state as { feedback?: unknown } | null)?.feedback;
  useEffect(() => {
    if (typeof text !== 'string') return;
    const timer = setTimeout(() => announce(text), 0);
    return () => clearTimeout(timer);
  }, [text, announce]);
}
