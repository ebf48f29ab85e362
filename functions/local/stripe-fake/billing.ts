/**
 * What the fake's customers and subscriptions do: trials, seat quantities, cancellation,
 * invoices paid or failed (Checkout and the Portal are in sessions.ts, meters in
 * meters.ts). Each change emits the events Stripe would send, in Stripe's shapes (API
 * 2026-10-28: periods on subscription items, the invoice's subscription under
 * `parent.subscription_details`). Only what the control plane uses is modelled.
 */
import { integer, lineItems, type LineItem, metadataOf, type Params, text, invalid } from './params.js';
import { type FakeState, type StripeObject, list, missing } from './state.js';
import type { WebhookEmitter } from './webhooks.js';

const DAY = 24 * 3600;
const PERIOD_SECONDS = 30 * DAY;
/** A fake seat price, in cents; the control plane never reads amounts. */
const SEAT_AMOUNT = 1_000;
const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid', 'incomplete']);

export class FakeBilling {
  constructor(
    private readonly state: FakeState,
    private readonly webhooks: WebhookEmitter,
    readonly nowSeconds: () => number,
  ) {}

  private get data() {
    return this.state.data;
  }

  // Customers

  async createCustomer(params: Params): Promise<StripeObject> {
    const customer: StripeObject = {
      id: this.state.newId('cus'),
      object: 'customer',
      created: this.nowSeconds(),
      email: text(params.email) ?? null,
      name: text(params.name) ?? null,
      metadata: metadataOf(params.metadata),
      invoice_settings: { default_payment_method: null },
      livemode: false,
    };
    this.data.customers[customer.id] = customer;
    // Not handled by the control plane: it must acknowledge and ignore it.
    await this.webhooks.emit('customer.created', customer);
    return customer;
  }

  updateCustomer(id: string, params: Params): StripeObject {
    const customer = this.state.get('customers', id, 'customer');
    if (params.metadata !== undefined) {
      const next = { ...(customer.metadata as Record<string, string>) };
      for (const [key, value] of Object.entries((params.metadata ?? {}) as Record<string, string>)) {
        if (value === '') delete next[key];
        else next[key] = String(value);
      }
      customer.metadata = next;
    }
    if (text(params.name)) customer.name = params.name;
    if (text(params.email)) customer.email = params.email;
    return customer;
  }

  // Subscriptions

  /** `beforeEvents` runs once the subscription exists and before its events go out (Checkout completes first). */
  async createSubscription(
    params: Params,
    options: { paymentMethod?: string; beforeEvents?: (subscription: StripeObject) => Promise<void> } = {},
  ): Promise<StripeObject> {
    const customerId = text(params.customer);
    if (!customerId) throw invalid('Missing required param: customer.', 'customer');
    const customer = this.state.get('customers', customerId, 'customer');
    const items = lineItems(params.items, 'items');
    const trialDays = integer(params.trial_period_days);
    const now = this.nowSeconds();
    const trialEnd = trialDays ? now + trialDays * DAY : null;
    const paymentMethod = options.paymentMethod ?? defaultPaymentMethod(customer);
    const id = this.state.newId('sub');
    const trialSettings = (params.trial_settings ?? {}) as { end_behavior?: { missing_payment_method?: string } };
    const subscription: StripeObject = {
      id,
      object: 'subscription',
      customer: customerId,
      created: now,
      start_date: now,
      billing_cycle_anchor: trialEnd ?? now,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      collection_method: 'charge_automatically',
      currency: 'usd',
      default_payment_method: paymentMethod ?? null,
      latest_invoice: null,
      livemode: false,
      metadata: metadataOf(params.metadata),
      payment_settings: { save_default_payment_method: text((params.payment_settings as Params | undefined)?.save_default_payment_method) ?? 'off' },
      status: trialEnd ? 'trialing' : paymentMethod ? 'active' : 'incomplete',
      trial_start: trialEnd ? now : null,
      trial_end: trialEnd,
      trial_settings: { end_behavior: { missing_payment_method: trialSettings.end_behavior?.missing_payment_method ?? 'create_invoice' } },
      items: list(`/v1/subscription_items?subscription=${id}`, []),
    };
    (subscription.items as { data: unknown[] }).data = items.map((item) => this.subscriptionItem(id, item, now, trialEnd ?? now + PERIOD_SECONDS));
    this.data.subscriptions[id] = subscription;
    const invoice = this.newInvoice(subscription, trialEnd ? 0 : seatAmount(subscription), 'subscription_create');
    await options.beforeEvents?.(subscription);
    await this.webhooks.emit('customer.subscription.created', subscription);
    if (subscription.status !== 'incomplete') await this.settleInvoice(invoice, 'paid');
    return subscription;
  }

  async updateSubscription(id: string, params: Params): Promise<StripeObject> {
    const subscription = this.state.get('subscriptions', id, 'subscription');
    if (subscription.status === 'canceled') throw invalid(`A canceled subscription can only update its cancellation_details and metadata.`);
    const previous: Record<string, unknown> = {};
    if (params.items !== undefined) {
      const items = (subscription.items as { data: StripeObject[] }).data;
      previous.items = structuredClone(subscription.items);
      for (const change of Array.isArray(params.items) ? (params.items as Params[]) : []) {
        const item = items.find((i) => i.id === change.id);
        if (!item) throw missing('subscription item', String(change.id), 'items');
        const quantity = integer(change.quantity);
        if (quantity !== undefined) item.quantity = quantity;
      }
    }
    if (params.cancel_at_period_end !== undefined) {
      previous.cancel_at_period_end = subscription.cancel_at_period_end;
      subscription.cancel_at_period_end = params.cancel_at_period_end === 'true';
    }
    if (params.metadata !== undefined) {
      previous.metadata = subscription.metadata;
      subscription.metadata = { ...(subscription.metadata as object), ...metadataOf(params.metadata) };
    }
    await this.webhooks.emit('customer.subscription.updated', subscription, previous);
    return subscription;
  }

  async cancelSubscription(id: string): Promise<StripeObject> {
    const subscription = this.state.get('subscriptions', id, 'subscription');
    if (subscription.status === 'canceled') return subscription;
    const now = this.nowSeconds();
    Object.assign(subscription, { status: 'canceled', canceled_at: now, ended_at: now });
    await this.webhooks.emit('customer.subscription.deleted', subscription);
    return subscription;
  }

  listSubscriptions(query: Params) {
    const customer = text(query.customer);
    const status = text(query.status);
    const limit = Math.min(integer(query.limit) ?? 10, 100);
    const matches = Object.values(this.data.subscriptions)
      .filter((s) => !customer || s.customer === customer)
      .filter((s) => (status === 'all' ? true : status ? s.status === status : s.status !== 'canceled'))
      .sort((a, b) => Number(b.created) - Number(a.created));
    return { ...list('/v1/subscriptions', matches.slice(0, limit)), has_more: matches.length > limit };
  }

  private subscriptionItem(subscriptionId: string, item: LineItem, start: number, end: number): StripeObject {
    const metered = item.quantity === undefined;
    return {
      id: this.state.newId('si'),
      object: 'subscription_item',
      created: start,
      current_period_start: start,
      current_period_end: end,
      metadata: {},
      price: {
        id: item.price,
        object: 'price',
        active: true,
        currency: 'usd',
        lookup_key: item.price,
        type: 'recurring',
        recurring: { interval: 'month', interval_count: 1, usage_type: metered ? 'metered' : 'licensed' },
        unit_amount: metered ? 1 : SEAT_AMOUNT,
      },
      ...(metered ? {} : { quantity: item.quantity }),
      subscription: subscriptionId,
    };
  }

  // Invoices and the payment life cycle (driven by the test controls)

  private newInvoice(subscription: StripeObject, amount: number, reason: string): StripeObject {
    const invoice: StripeObject = {
      id: this.state.newId('in'),
      object: 'invoice',
      customer: subscription.customer,
      created: this.nowSeconds(),
      currency: 'usd',
      status: 'open',
      amount_due: amount,
      amount_paid: 0,
      attempt_count: 0,
      billing_reason: reason,
      livemode: false,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: subscription.id, metadata: subscription.metadata } },
    };
    this.data.invoices[invoice.id] = invoice;
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  private async settleInvoice(invoice: StripeObject, outcome: 'paid' | 'failed') {
    invoice.attempt_count = Number(invoice.attempt_count) + 1;
    if (outcome === 'paid') {
      Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due });
      await this.webhooks.emit('invoice.paid', invoice);
    } else {
      await this.webhooks.emit('invoice.payment_failed', invoice);
    }
  }

  /** The next renewal fails: invoice.payment_failed, then the subscription is past_due. */
  async failPayment(subscriptionId: string) {
    const subscription = this.state.get('subscriptions', subscriptionId, 'subscription');
    const invoice = this.newInvoice(subscription, seatAmount(subscription), 'subscription_cycle');
    await this.settleInvoice(invoice, 'failed');
    await this.setStatus(subscription, 'past_due');
  }

  /** The open invoice is paid (a card was fixed, or a retry succeeded): invoice.paid, then active. */
  async payLatest(subscriptionId: string) {
    const subscription = this.state.get('subscriptions', subscriptionId, 'subscription');
    const latest = this.data.invoices[String(subscription.latest_invoice)];
    const invoice = latest && latest.status === 'open' ? latest : this.newInvoice(subscription, seatAmount(subscription), 'subscription_cycle');
    subscription.default_payment_method ??= 'pm_card_visa';
    await this.settleInvoice(invoice, 'paid');
    await this.setStatus(subscription, 'active');
  }

  /** The trial ends now: with a payment method it turns active and is invoiced; without, `end_behavior` decides. */
  async endTrial(subscriptionId: string, withCard: boolean) {
    const subscription = this.state.get('subscriptions', subscriptionId, 'subscription');
    if (subscription.status !== 'trialing') throw invalid(`Subscription ${subscriptionId} is ${subscription.status}, not trialing.`);
    if (withCard) subscription.default_payment_method ??= 'pm_card_visa';
    const now = this.nowSeconds();
    subscription.trial_end = now;
    if (subscription.default_payment_method) {
      for (const item of (subscription.items as { data: StripeObject[] }).data)
        Object.assign(item, { current_period_start: now, current_period_end: now + PERIOD_SECONDS });
      const invoice = this.newInvoice(subscription, seatAmount(subscription), 'subscription_cycle');
      await this.setStatus(subscription, 'active');
      await this.settleInvoice(invoice, 'paid');
      return;
    }
    const behavior = (subscription.trial_settings as { end_behavior: { missing_payment_method: string } }).end_behavior.missing_payment_method;
    if (behavior === 'cancel') await this.cancelSubscription(subscriptionId);
    else if (behavior === 'pause') await this.setStatus(subscription, 'paused');
    else await this.failPayment(subscriptionId);
  }

  async trialWillEnd(subscriptionId: string) {
    const subscription = this.state.get('subscriptions', subscriptionId, 'subscription');
    await this.webhooks.emit('customer.subscription.trial_will_end', subscription);
  }

  async attachCard(subscriptionId: string) {
    const subscription = this.state.get('subscriptions', subscriptionId, 'subscription');
    const previous = { default_payment_method: subscription.default_payment_method };
    subscription.default_payment_method = 'pm_card_visa';
    const customer = this.data.customers[String(subscription.customer)];
    if (customer) customer.invoice_settings = { default_payment_method: 'pm_card_visa' };
    await this.webhooks.emit('customer.subscription.updated', subscription, previous);
  }

  private async setStatus(subscription: StripeObject, status: string) {
    if (subscription.status === status) return;
    const previous = { status: subscription.status };
    subscription.status = status;
    await this.webhooks.emit('customer.subscription.updated', subscription, previous);
  }

  liveSubscriptionOf(customerId: string): StripeObject | undefined {
    return Object.values(this.data.subscriptions)
      .filter((s) => s.customer === customerId && LIVE.has(String(s.status)))
      .sort((a, b) => Number(b.created) - Number(a.created))[0];
  }
}

function defaultPaymentMethod(customer: StripeObject): string | undefined {
  return text((customer.invoice_settings as { default_payment_method?: unknown } | undefined)?.default_payment_method);
}

function seatAmount(subscription: StripeObject): number {
  return (subscription.items as { data: StripeObject[] }).data.reduce((sum, item) => sum + Number(item.quantity ?? 0) * SEAT_AMOUNT, 0);
}
