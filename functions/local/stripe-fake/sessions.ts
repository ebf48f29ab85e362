/**
 * The fake's Checkout and Customer Portal sessions. Pay on the hosted page creates the
 * subscription through FakeBilling; Checkout completes before the subscription's own
 * events go out, as on Stripe.
 */
import type { FakeBilling } from './billing.js';
import { integer, type LineItem, lineItems, metadataOf, type Params, text, invalid } from './params.js';
import type { FakeState, StripeObject } from './state.js';
import type { WebhookEmitter } from './webhooks.js';

const DAY = 24 * 3600;

export class FakeSessions {
  constructor(
    private readonly state: FakeState,
    private readonly billing: FakeBilling,
    private readonly webhooks: WebhookEmitter,
    private readonly nowSeconds: () => number,
    private readonly baseUrl: () => string,
  ) {}

  private get data() {
    return this.state.data;
  }

  createCheckoutSession(params: Params): StripeObject {
    if (params.mode !== 'subscription') throw invalid('The fake only supports mode=subscription.', 'mode');
    const successUrl = text(params.success_url);
    if (!successUrl) throw invalid('Missing required param: success_url.', 'success_url');
    const customer = text(params.customer);
    if (customer) this.state.get('customers', customer, 'customer');
    const lines = lineItems(params.line_items, 'line_items');
    const subscriptionData = (params.subscription_data ?? {}) as Params;
    const id = this.state.newId('cs_test');
    const now = this.nowSeconds();
    const session: StripeObject = {
      id,
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      created: now,
      expires_at: now + DAY,
      customer: customer ?? null,
      client_reference_id: text(params.client_reference_id) ?? null,
      metadata: metadataOf(params.metadata),
      success_url: successUrl,
      cancel_url: text(params.cancel_url) ?? null,
      subscription: null,
      invoice: null,
      livemode: false,
      url: `${this.baseUrl()}/checkout/${id}`,
      // Kept for Pay; Stripe keeps these server side too (line_items are only listed on request).
      _lines: lines,
      _subscription_data: { trial_period_days: integer(subscriptionData.trial_period_days), metadata: metadataOf(subscriptionData.metadata) },
    };
    this.data.checkoutSessions[id] = session;
    return session;
  }

  /** The customer pays on the hosted page: a subscription, then the three events, then the browser goes to success_url. */
  async payCheckoutSession(id: string): Promise<string> {
    const session = this.state.get('checkoutSessions', id, 'checkout session');
    if (session.status !== 'open') throw invalid(`Checkout session ${id} is ${session.status}.`);
    const customerId = typeof session.customer === 'string' ? session.customer : (await this.billing.createCustomer({ metadata: session.metadata })).id;
    const customer = this.state.get('customers', customerId, 'customer');
    customer.invoice_settings = { default_payment_method: 'pm_card_visa' };
    const data = session._subscription_data as { trial_period_days?: number; metadata: Record<string, string> };
    const lines = session._lines as LineItem[];
    await this.billing.createSubscription(
      {
        customer: customerId,
        items: lines.map((l) => ({ price: l.price, ...(l.quantity === undefined ? {} : { quantity: String(l.quantity) }) })),
        ...(data.trial_period_days ? { trial_period_days: String(data.trial_period_days) } : {}),
        metadata: data.metadata,
      },
      {
        paymentMethod: 'pm_card_visa',
        beforeEvents: async (subscription) => {
          Object.assign(session, {
            status: 'complete',
            payment_status: data.trial_period_days ? 'no_payment_required' : 'paid',
            customer: customerId,
            subscription: subscription.id,
            invoice: subscription.latest_invoice,
          });
          await this.webhooks.emit('checkout.session.completed', publicSession(session));
        },
      },
    );
    return String(session.success_url).replace('{CHECKOUT_SESSION_ID}', id);
  }

  cancelCheckoutSession(id: string): string {
    const session = this.state.get('checkoutSessions', id, 'checkout session');
    return String(session.cancel_url ?? session.success_url);
  }

  createPortalSession(params: Params): StripeObject {
    const customer = text(params.customer);
    if (!customer) throw invalid('Missing required param: customer.', 'customer');
    this.state.get('customers', customer, 'customer');
    const id = this.state.newId('bps');
    const session: StripeObject = {
      id,
      object: 'billing_portal.session',
      created: this.nowSeconds(),
      customer,
      livemode: false,
      return_url: text(params.return_url) ?? null,
      url: `${this.baseUrl()}/portal/${id}`,
    };
    this.data.portalSessions[id] = session;
    return session;
  }
}

/** A session as the API returns it: without the fake's private fields. */
export function publicSession(session: StripeObject): StripeObject {
  return Object.fromEntries(Object.entries(session).filter(([key]) => !key.startsWith('_'))) as StripeObject;
}
