/**
 * The fake's webhook sender: makes Stripe-shaped events (a snapshot of the object at that
 * moment), keeps them for `GET /v1/events/:id`, and POSTs them to the configured endpoint
 * signed with the SDK's own `generateTestHeaderString`, exactly as Stripe signs them. Can
 * hold deliveries back and release them in another order, to test out-of-order handling.
 */
import Stripe from 'stripe';
import { type FakeState, type StripeObject, missing } from './state.js';

export interface WebhookTarget {
  url?: string;
  secret?: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  /** The endpoint's HTTP status, or 'error' when it could not be reached, or 'no-endpoint'. */
  status: number | 'error' | 'no-endpoint';
  at: string;
}

export const FAKE_API_VERSION = '2026-10-28.endive';
const MAX_DELIVERIES_KEPT = 1_000;
const DELIVERY_TIMEOUT_MS = 10_000;

const signer = Stripe.webhooks;

export class WebhookEmitter {
  readonly deliveries: Delivery[] = [];
  private held: StripeObject[] | undefined;

  constructor(
    private readonly state: FakeState,
    readonly target: WebhookTarget,
    private readonly nowSeconds: () => number,
  ) {}

  /** Records an event for `object` as it is now and delivers it (or holds it). */
  async emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): Promise<StripeObject> {
    const event: StripeObject = {
      id: this.state.newId('evt'),
      object: 'event',
      api_version: FAKE_API_VERSION,
      created: this.nowSeconds(),
      data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.state.recordEvent(event);
    if (this.held) this.held.push(event);
    else await this.deliver(event);
    return event;
  }

  /** Keeps events from now on until `release`. */
  hold() {
    this.held ??= [];
  }

  /** Delivers the held events, in the order they were made or the reverse. */
  async release(order: 'as-made' | 'reverse' = 'as-made'): Promise<Delivery[]> {
    const events = this.held ?? [];
    this.held = undefined;
    const ordered = order === 'reverse' ? [...events].reverse() : events;
    const results: Delivery[] = [];
    for (const event of ordered) results.push(await this.deliver(event));
    return results;
  }

  async redeliver(eventId: string): Promise<Delivery> {
    const event = this.state.data.events[eventId];
    if (!event) throw missing('event', eventId);
    return this.deliver(event);
  }

  private async deliver(event: StripeObject): Promise<Delivery> {
    const record = (status: Delivery['status']): Delivery => {
      const delivery = { eventId: event.id, type: String(event.type), status, at: new Date().toISOString() };
      this.deliveries.push(delivery);
      if (this.deliveries.length > MAX_DELIVERIES_KEPT) this.deliveries.shift();
      return delivery;
    };
    const { url, secret } = this.target;
    if (!url || !secret) return record('no-endpoint');
    const payload = JSON.stringify(event, null, 2);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signer.generateTestHeaderString({ payload, secret }) },
        body: payload,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return record(response.status);
    } catch {
      return record('error');
    }
  }
}
