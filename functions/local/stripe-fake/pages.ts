/**
 * The fake's stand-ins for Stripe's hosted pages: Checkout (Pay with the test card, or
 * Cancel) and the Customer Portal (add a card, change seats, cancel). Plain, accessible
 * HTML forms; the server does the work on POST and redirects (303).
 */
import type { StripeObject } from './state.js';

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;cursor:pointer}
.note{color:#555;font-size:.9rem}label{display:block;margin:.5rem 0}</style></head>
<body><main>${body}</main></body></html>`;
}

export function checkoutPage(session: StripeObject): string {
  const lines = (session._lines as { price: string; quantity?: number }[]).map(
    (l) => `<li>${escapeHtml(l.price)}${l.quantity === undefined ? ' (metered)' : ` &times; ${escapeHtml(l.quantity)}`}</li>`,
  );
  const trialDays = (session._subscription_data as { trial_period_days?: number }).trial_period_days;
  if (session.status !== 'open') return page('Checkout', `<h1>Checkout</h1><p role="status">This session is ${escapeHtml(session.status)}.</p>`);
  return page(
    'Checkout',
    `<h1>Checkout</h1>
<p class="note">Local Stripe fake: no card is charged.</p>
<h2>Subscription</h2><ul>${lines.join('')}</ul>
${trialDays ? `<p>${escapeHtml(trialDays)}-day free trial.</p>` : ''}
<p>Card: 4242 4242 4242 4242 (test card)</p>
<form method="post" action="/checkout/${escapeHtml(session.id)}/pay"><button type="submit">Pay</button></form>
<form method="post" action="/checkout/${escapeHtml(session.id)}/cancel"><button type="submit">Cancel</button></form>`,
  );
}

export function portalPage(session: StripeObject, subscription: StripeObject | undefined, message?: string): string {
  const id = escapeHtml(session.id);
  const status = message ? `<p role="status">${escapeHtml(message)}</p>` : '';
  const back = session.return_url ? `<p><a href="${escapeHtml(session.return_url)}">Return to the application</a></p>` : '';
  if (!subscription) return page('Billing portal', `<h1>Billing portal</h1>${status}<p>No active subscription.</p>${back}`);
  const items = (subscription.items as { data: StripeObject[] }).data;
  const seatItem = items.find((i) => i.quantity !== undefined);
  const price = (seatItem?.price as { id?: string } | undefined)?.id ?? '';
  return page(
    'Billing portal',
    `<h1>Billing portal</h1>${status}
<dl><dt>Plan</dt><dd>${escapeHtml(price)}</dd><dt>Status</dt><dd>${escapeHtml(subscription.status)}</dd><dt>Seats</dt><dd>${escapeHtml(seatItem?.quantity ?? 0)}</dd>
<dt>Payment method</dt><dd>${subscription.default_payment_method ? 'Visa ending 4242' : 'None'}</dd></dl>
${subscription.default_payment_method ? '' : `<form method="post" action="/portal/${id}/card"><button type="submit">Add card</button></form>`}
<form method="post" action="/portal/${id}/seats"><label>Seats <input name="seats" type="number" min="1" max="10000" required value="${escapeHtml(seatItem?.quantity ?? 1)}"></label><button type="submit">Update seats</button></form>
<form method="post" action="/portal/${id}/cancel"><button type="submit">Cancel subscription</button></form>
${back}`,
  );
}

export function notFoundPage(): string {
  return page('Not found', '<h1>Not found</h1><p>This page does not exist in the local Stripe fake.</p>');
}
