/**
 * A local stand-in for the parts of Stripe the control plane uses, so the whole upgrade
 * flow runs on one machine with the official SDK (`new Stripe(key, { host, port,
 * protocol: 'http' })`). Form-encoded requests, Stripe-shaped JSON and errors,
 * Idempotency-Key replay, webhooks signed with the SDK's own test helper.
 *
 * API (`Authorization: Bearer sk_…`):
 *   POST /v1/customers · GET|POST /v1/customers/:id
 *   POST /v1/checkout/sessions · GET /v1/checkout/sessions/:id
 *   POST /v1/billing_portal/sessions
 *   POST /v1/subscriptions · GET /v1/subscriptions?customer=&status= · GET|POST|DELETE /v1/subscriptions/:id
 *   POST /v1/billing/meter_events (a second event with the same identifier: 400)
 *   GET  /v1/billing/meters/:id/event_summaries?customer=&start_time=&end_time= (id: `mtr_<event_name>`)
 *   GET  /v1/events/:id
 * Hosted pages: GET /checkout/:id (Pay, Cancel) · GET /portal/:id (Add card, Update seats, Cancel).
 * Test controls (POST unless noted; also on `controls` in process):
 *   /_fake/subscriptions/:id/fail-payment   invoice.payment_failed, subscription → past_due (+ updated)
 *   /_fake/subscriptions/:id/pay            invoice.paid, subscription → active (+ updated)
 *   /_fake/subscriptions/:id/end-trial?card=1|0   → active (card) or canceled (+ deleted), per end_behavior
 *   /_fake/subscriptions/:id/trial-will-end customer.subscription.trial_will_end
 *   /_fake/events/:id/redeliver             the same event again, freshly signed
 *   /_fake/webhooks/hold · /_fake/webhooks/release?order=reverse   out-of-order delivery
 *   /_fake/api-failure?failing=1|0          every /v1 call answers 500 (api_error) while on
 *   GET /_fake/events · GET /_fake/deliveries · GET /_fake/meter-events
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http-body.js';
import { FakeBilling } from './billing.js';
import { FakeMeters } from './meters.js';
import { FakeSessions, publicSession } from './sessions.js';
import { parseStripeForm } from './form.js';
import { checkoutPage, notFoundPage, portalPage } from './pages.js';
import { type FakeData, FakeState, StripeFakeError, type StripeObject } from './state.js';
import { type Delivery, WebhookEmitter } from './webhooks.js';

export interface StripeFakeOptions {
  /** @default a free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where events are POSTed (the control plane's `/stripe/webhook`); can be set later with `controls.setWebhook`. */
  webhookUrl?: string;
  /** The endpoint's signing secret (`whsec_…`). */
  webhookSecret?: string;
  /** Keep state in this JSON file (created if missing), so a restart keeps customers and subscriptions. @default memory only */
  dataFile?: string;
  /** The fake's clock. @default Date.now */
  now?: () => Date;
}

export interface StripeFakeControls {
  failPayment(subscriptionId: string): Promise<void>;
  pay(subscriptionId: string): Promise<void>;
  endTrial(subscriptionId: string, options: { withCard: boolean }): Promise<void>;
  trialWillEnd(subscriptionId: string): Promise<void>;
  redeliver(eventId: string): Promise<Delivery>;
  holdWebhooks(): void;
  releaseWebhooks(order?: 'as-made' | 'reverse'): Promise<Delivery[]>;
  setApiFailing(failing: boolean): void;
  setWebhook(target: { url: string; secret: string }): void;
  /** Every event made, oldest first. */
  events(): StripeObject[];
  deliveries(): Delivery[];
  meterEvents(): StripeObject[];
  /** The customer's newest live subscription. */
  liveSubscriptionOf(customerId: string): StripeObject | undefined;
  /** Pays a Checkout session as the hosted page's Pay button does; returns the success URL. */
  payCheckout(sessionId: string): Promise<string>;
  readonly data: FakeData;
}

export interface StripeFake {
  url: string;
  close(): Promise<void>;
  controls: StripeFakeControls;
}

const MAX_BODY_BYTES = 1024 * 1024;
type Handler = (params: string[], body: Record<string, unknown>, query: Record<string, unknown>) => Promise<unknown> | unknown;

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const clock = options.now ?? (() => new Date());
  const nowSeconds = () => Math.floor(clock().getTime() / 1000);
  const state = new FakeState(options.dataFile);
  const webhooks = new WebhookEmitter(state, { url: options.webhookUrl, secret: options.webhookSecret }, nowSeconds);
  let baseUrl = '';
  const billing = new FakeBilling(state, webhooks, nowSeconds);
  const sessions = new FakeSessions(state, billing, webhooks, nowSeconds, () => baseUrl);
  const meters = new FakeMeters(state, nowSeconds);
  let apiFailing = false;

  const api: [string, RegExp, Handler][] = [
    ['POST', /^\/v1\/customers$/, (_, body) => billing.createCustomer(body)],
    ['GET', /^\/v1\/customers\/([^/]+)$/, ([id]) => state.get('customers', id as string, 'customer')],
    ['POST', /^\/v1\/customers\/([^/]+)$/, ([id], body) => billing.updateCustomer(id as string, body)],
    ['POST', /^\/v1\/checkout\/sessions$/, (_, body) => publicSession(sessions.createCheckoutSession(body))],
    ['GET', /^\/v1\/checkout\/sessions\/([^/]+)$/, ([id]) => publicSession(state.get('checkoutSessions', id as string, 'checkout.session'))],
    ['POST', /^\/v1\/billing_portal\/sessions$/, (_, body) => sessions.createPortalSession(body)],
    ['POST', /^\/v1\/subscriptions$/, (_, body) => billing.createSubscription(body)],
    ['GET', /^\/v1\/subscriptions$/, (_, __, query) => billing.listSubscriptions(query)],
    ['GET', /^\/v1\/subscriptions\/([^/]+)$/, ([id]) => state.get('subscriptions', id as string, 'subscription')],
    ['POST', /^\/v1\/subscriptions\/([^/]+)$/, ([id], body) => billing.updateSubscription(id as string, body)],
    ['DELETE', /^\/v1\/subscriptions\/([^/]+)$/, ([id]) => billing.cancelSubscription(id as string)],
    ['POST', /^\/v1\/billing\/meter_events$/, (_, body) => meters.createMeterEvent(body)],
    ['GET', /^\/v1\/billing\/meters\/([^/]+)\/event_summaries$/, ([id], __, query) => meters.meterEventSummaries(id as string, query)],
    ['GET', /^\/v1\/events\/([^/]+)$/, ([id]) => state.get('events', id as string, 'event')],
  ];

  const controls: StripeFakeControls = {
    failPayment: (id) => billing.failPayment(id),
    pay: (id) => billing.payLatest(id),
    endTrial: (id, { withCard }) => billing.endTrial(id, withCard),
    trialWillEnd: (id) => billing.trialWillEnd(id),
    redeliver: (id) => webhooks.redeliver(id),
    holdWebhooks: () => webhooks.hold(),
    releaseWebhooks: (order) => webhooks.release(order),
    setApiFailing: (failing) => {
      apiFailing = failing;
    },
    setWebhook: ({ url, secret }) => Object.assign(webhooks.target, { url, secret }),
    events: () => state.data.eventOrder.flatMap((id) => state.data.events[id] ?? []),
    deliveries: () => [...webhooks.deliveries],
    meterEvents: () => Object.values(state.data.meterEvents),
    liveSubscriptionOf: (customerId) => billing.liveSubscriptionOf(customerId),
    payCheckout: (id) => sessions.payCheckoutSession(id),
    data: state.data,
  };

  const controlRoutes: [string, RegExp, (params: string[], query: URLSearchParams) => Promise<unknown> | unknown][] = [
    ['POST', /^\/_fake\/subscriptions\/([^/]+)\/fail-payment$/, ([id]) => controls.failPayment(id as string)],
    ['POST', /^\/_fake\/subscriptions\/([^/]+)\/pay$/, ([id]) => controls.pay(id as string)],
    ['POST', /^\/_fake\/subscriptions\/([^/]+)\/end-trial$/, ([id], q) => controls.endTrial(id as string, { withCard: q.get('card') === '1' })],
    ['POST', /^\/_fake\/subscriptions\/([^/]+)\/trial-will-end$/, ([id]) => controls.trialWillEnd(id as string)],
    ['POST', /^\/_fake\/events\/([^/]+)\/redeliver$/, ([id]) => controls.redeliver(id as string)],
    ['POST', /^\/_fake\/webhooks\/hold$/, () => controls.holdWebhooks()],
    ['POST', /^\/_fake\/webhooks\/release$/, (_, q) => controls.releaseWebhooks(q.get('order') === 'reverse' ? 'reverse' : 'as-made')],
    ['POST', /^\/_fake\/api-failure$/, (_, q) => controls.setApiFailing(q.get('failing') !== '0')],
    ['GET', /^\/_fake\/events$/, () => controls.events()],
    ['GET', /^\/_fake\/deliveries$/, () => controls.deliveries()],
    ['GET', /^\/_fake\/meter-events$/, () => controls.meterEvents()],
  ];

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!/^Bearer sk_(test|live)_\S+$/.test(req.headers.authorization ?? ''))
      throw new StripeFakeError(401, 'invalid_request_error', 'You did not provide an API key. Use `Authorization: Bearer sk_test_…`.');
    if (apiFailing) throw new StripeFakeError(500, 'api_error', 'An unknown error occurred (the local fake was told to fail).');
    const route = api.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
    if (!route) throw new StripeFakeError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body.ok) throw new StripeFakeError(413, 'invalid_request_error', `The request body is over ${MAX_BODY_BYTES} bytes.`);
    const idempotencyKey = req.method === 'POST' ? headerValue(req, 'idempotency-key') : undefined;
    const replay = idempotencyKey ? state.data.idempotency[idempotencyKey] : undefined;
    if (replay) return sendJson(res, replay.status, replay.body, { 'idempotent-replayed': 'true' });
    const params = (route[1].exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
    let status = 200;
    let result: unknown;
    try {
      result = await route[2](params, parseStripeForm(body.bytes.toString('utf8')), parseStripeForm(url.search.slice(1)));
    } catch (error) {
      if (!(error instanceof StripeFakeError)) throw error;
      status = error.status;
      result = error.toJSON();
    }
    // Stripe replays a key's first answer, errors included, except server errors.
    if (idempotencyKey && status < 500) state.data.idempotency[idempotencyKey] = { status, body: result };
    if (req.method !== 'GET') state.save();
    sendJson(res, status, result);
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const checkout = /^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
    if (checkout) {
      const session = state.data.checkoutSessions[decodeURIComponent(checkout[1] as string)];
      if (!session) return false;
      if (req.method === 'GET' && !checkout[2]) return sendHtml(res, 200, checkoutPage(session));
      if (req.method !== 'POST' || !checkout[2]) return false;
      const target = checkout[2] === 'pay' ? await sessions.payCheckoutSession(session.id) : sessions.cancelCheckoutSession(session.id);
      state.save();
      return redirect(res, target);
    }
    const portal = /^\/portal\/([^/]+)(?:\/(card|seats|cancel))?$/.exec(url.pathname);
    if (!portal) return false;
    const session = state.data.portalSessions[decodeURIComponent(portal[1] as string)];
    if (!session) return false;
    const subscription = billing.liveSubscriptionOf(String(session.customer));
    if (req.method === 'GET' && !portal[2]) return sendHtml(res, 200, portalPage(session, subscription, url.searchParams.get('done') ?? undefined));
    if (req.method !== 'POST' || !portal[2] || !subscription) return false;
    let done = '';
    if (portal[2] === 'card') {
      await billing.attachCard(subscription.id);
      done = 'Card added.';
    } else if (portal[2] === 'cancel') {
      await billing.cancelSubscription(subscription.id);
      done = 'Subscription canceled.';
    } else {
      const body = await readBody(req, 4096);
      const seats = body.ok ? Number(new URLSearchParams(body.bytes.toString('utf8')).get('seats')) : Number.NaN;
      const seatItem = (subscription.items as { data: StripeObject[] }).data.find((i) => i.quantity !== undefined);
      if (!Number.isInteger(seats) || seats < 1 || seats > 10_000 || !seatItem) done = 'Seats must be a whole number from 1 to 10000.';
      else {
        await billing.updateSubscription(subscription.id, { items: [{ id: seatItem.id, quantity: String(seats) }] });
        done = `Seats updated to ${seats}.`;
      }
    }
    state.save();
    return redirect(res, `/portal/${session.id}?done=${encodeURIComponent(done)}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    void (async () => {
      try {
        if (url.pathname.startsWith('/v1/')) return await handleApi(req, res, url);
        const control = controlRoutes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
        if (control) {
          const result = await control[2]((control[1].exec(url.pathname) ?? []).slice(1).map(decodeURIComponent), url.searchParams);
          state.save();
          return sendJson(res, 200, result ?? { ok: true });
        }
        if (!(await handlePage(req, res, url))) sendHtml(res, 404, notFoundPage());
      } catch (error) {
        if (error instanceof StripeFakeError) return sendJson(res, error.status, error.toJSON());
        sendJson(res, 500, { error: { type: 'api_error', message: (error as Error).message } });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url: baseUrl,
    controls,
    close: () =>
      new Promise<void>((resolve) => {
        state.save();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${Date.now()}`, ...headers });
  res.end(JSON.stringify(body));
}

/** Both answer the request; `true` says it was answered. */
function sendHtml(res: ServerResponse, status: number, html: string): true {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
  return true;
}

function redirect(res: ServerResponse, location: string): true {
  res.writeHead(303, { location });
  res.end();
  return true;
}
