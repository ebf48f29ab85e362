/**
 * Upgrade through Stripe Checkout: a plan and a number of seats, checked here against the
 * same schema the API uses, then the browser goes to the Checkout page the control plane
 * opened. Stripe sends it back to `/billing?checkout=success` (or `?checkout=canceled`).
 */
import { type FormEvent, useId, useState } from 'react';
import { checkoutStartSchema } from '../../../../functions/licensing/billing-schemas.js';
import { useApi } from '../../api/api-context.js';
import type { BillingView, CheckoutInput } from '../../api/billing-api.js';
import { useAction } from '../../api/use-action.js';
import { InlineProblem } from '../../components/problem-message.js';

const PLANS: ReadonlyArray<{ id: CheckoutInput['plan']; label: string; hint: string }> = [
  { id: 'pro', label: 'Pro', hint: 'Per seat, monthly.' },
  { id: 'enterprise', label: 'Enterprise', hint: 'Per seat, plus API calls beyond the plan, monthly.' },
];

export function UpgradeForm({ view }: { view: BillingView }) {
  const api = useApi();
  const headingId = useId();
  const planId = useId();
  const seatsId = useId();
  const seatsErrorId = useId();
  const problemId = useId();
  const [plan, setPlan] = useState<CheckoutInput['plan']>(
    // A trial converts to Pro; a paying Pro customer is here for Enterprise.
    view.plan === 'pro' && view.status === 'active' ? 'enterprise' : 'pro',
  );
  const [seats, setSeats] = useState(String(Math.max(1, view.seats.used)));
  const [seatsError, setSeatsError] = useState<string>();
  const checkout = useAction((input: CheckoutInput) => api.startCheckout(input));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = checkoutStartSchema.safeParse({ plan, seats: Number(seats) });
    if (!parsed.success || seats.trim() === '') {
      setSeatsError('Enter a whole number of seats from 1 to 10,000.');
      return;
    }
    if (parsed.data.seats !== undefined && parsed.data.seats < view.seats.used) {
      setSeatsError(`At least ${view.seats.used}: that many people use this installation now.`);
      return;
    }
    const answer = await checkout.run(parsed.data);
    if (answer) window.location.assign(answer.url);
  };

  return (
    <form className="billing-upgrade stack" aria-labelledby={headingId} onSubmit={onSubmit} noValidate>
      <h3 id={headingId}>Upgrade</h3>
      <div className="form-row form-row-top">
        <div className="field">
          <label htmlFor={planId}>Plan</label>
          <select
            id={planId}
            className="select"
            value={plan}
            onChange={(event) => {
              setPlan(event.target.value as CheckoutInput['plan']);
              checkout.reset();
            }}
            aria-describedby={`${planId}-hint`}
          >
            {PLANS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${planId}-hint`}>
            {PLANS.find((p) => p.id === plan)?.hint}
          </p>
        </div>
        <div className="field">
          <label htmlFor={seatsId}>Seats</label>
          <input
            id={seatsId}
            className="input billing-seats"
            type="number"
            inputMode="numeric"
            min={Math.max(1, view.seats.used)}
            max={10_000}
            step={1}
            required
            value={seats}
            onChange={(event) => {
              setSeats(event.target.value);
              setSeatsError(undefined);
              checkout.reset();
            }}
            aria-invalid={seatsError ? true : undefined}
            aria-describedby={seatsError ? seatsErrorId : undefined}
          />
          {seatsError ? (
            <p className="form-error" id={seatsErrorId} role="alert">
              {seatsError}
            </p>
          ) : null}
        </div>
      </div>
      {checkout.problem ? <InlineProblem problem={checkout.problem} id={problemId} /> : null}
      <p>
        <button type="submit" className="button button-primary" disabled={checkout.pending} aria-describedby={checkout.problem ? problemId : undefined}>
          {checkout.pending ? 'Opening Checkout…' : 'Upgrade with Stripe Checkout'}
        </button>
      </p>
      <p className="field-hint">You pay on Stripe’s page; this installation never sees your card.</p>
    </form>
  );
}
