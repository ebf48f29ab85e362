/**
 * Coming back from Stripe Checkout (`/billing?checkout=success` or `?checkout=canceled`): on
 * success the page pulls the license at once, because the plan the page shows comes from the
 * license and the control plane learns of the payment from a webhook it processes a moment
 * later. It asks again a few times until the plan changes, then says what happened either
 * way. The query parameter is removed, so a reload does not repeat it.
 */
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { BillingView } from '../../api/billing-api.js';
import { type ApiProblem, asProblem } from '../../api/problem.js';
import { useFeedback } from '../../components/feedback.js';
import { PLAN_NAMES } from './billing-words.js';

const ATTEMPTS = 6;
const PAUSE_MS = 2000;

export type CheckoutReturn =
  | { state: 'none' }
  | { state: 'refreshing' }
  | { state: 'cancelled' }
  | { state: 'pending' }
  | { state: 'failed'; problem: ApiProblem }
  | { state: 'done' };

export function useCheckoutReturn(onView: (view: BillingView) => void): { result: CheckoutReturn; dismiss(): void } {
  const api = useApi();
  const feedback = useFeedback();
  const [params, setParams] = useSearchParams();
  const param = params.get('checkout');
  // The installation's API sends Stripe's cancel URL as `?checkout=canceled`.
  const outcome = param === 'success' ? 'success' : param === 'canceled' || param === 'cancel' ? 'cancel' : undefined;
  const [result, setResult] = useState<CheckoutReturn>(() =>
    outcome === 'success' ? { state: 'refreshing' } : outcome === 'cancel' ? { state: 'cancelled' } : { state: 'none' },
  );
  // Once per visit: StrictMode mounts twice, and removing the parameter re-runs the effect.
  const started = useRef(false);
  // Whether the page is still there to show the answer (the loop outlives effect re-runs).
  const mounted = useRef(true);
  const latest = useRef({ onView, announce: feedback.announce });
  latest.current = { onView, announce: feedback.announce };

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (started.current || !outcome) return;
    started.current = true;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('checkout');
        next.delete('session_id');
        return next;
      },
      { replace: true },
    );
    if (outcome === 'success') void pullUntilUpgraded();

    async function pullUntilUpgraded() {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        let view: BillingView;
        try {
          view = await api.refreshBilling();
        } catch (error) {
          if (mounted.current) setResult({ state: 'failed', problem: asProblem(error) });
          return;
        }
        if (!mounted.current) return;
        latest.current.onView(view);
        if (upgraded(view)) {
          setResult({ state: 'done' });
          latest.current.announce(`Payment confirmed: this installation is on the ${PLAN_NAMES[view.plan]} plan.`);
          return;
        }
        if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
      if (mounted.current) setResult({ state: 'pending' });
    }
  }, [outcome, setParams, api]);

  return { result, dismiss: () => setResult({ state: 'none' }) };
}

/** A paid plan in force and paid for: what a completed Checkout leads to. */
function upgraded(view: BillingView): boolean {
  return (view.plan === 'pro' || view.plan === 'enterprise') && (view.status === 'active' || view.status === 'trialing');
}
