/**
 * The Stripe fake's memory: every object it made, by id, plus the idempotency keys it has
 * answered. Optionally mirrored to a JSON file so `npm start` keeps its customers and
 * subscriptions across restarts. Objects are plain Stripe-shaped JSON; nothing here knows
 * HTTP.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export interface FakeData {
  customers: Record<string, StripeObject>;
  subscriptions: Record<string, StripeObject>;
  checkoutSessions: Record<string, StripeObject>;
  portalSessions: Record<string, StripeObject>;
  invoices: Record<string, StripeObject>;
  events: Record<string, StripeObject>;
  /** Event ids in creation order. */
  eventOrder: string[];
  /** Meter events by identifier (Stripe's uniqueness key). */
  meterEvents: Record<string, StripeObject>;
  idempotency: Record<string, { status: number; body: unknown }>;
}

/** A Stripe-shaped API error: `{ error: { type, message, code, param } }` with a 4xx/5xx status. */
export class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
  toJSON() {
    return { error: { type: this.type, message: this.message, ...(this.code ? { code: this.code } : {}), ...(this.param ? { param: this.param } : {}) } };
  }
}

export const missing = (kind: string, id: string, param = 'id') =>
  new StripeFakeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param);

/** Bounds: the fake is for one developer's machine and tests, not a load test. */
const MAX_EVENTS_KEPT = 5_000;

export class FakeState {
  readonly data: FakeData;

  constructor(private readonly dataFile?: string) {
    this.data = dataFile && existsSync(dataFile) ? (JSON.parse(readFileSync(dataFile, 'utf8')) as FakeData) : emptyData();
  }

  /** Stripe-like ids: a prefix and 24 random characters. */
  newId(prefix: string): string {
    return `${prefix}_${randomBytes(18).toString('base64url').replace(/[-_]/g, '').slice(0, 24).padEnd(24, '0')}`;
  }

  get<T extends keyof Omit<FakeData, 'eventOrder' | 'idempotency'>>(collection: T, id: string, kind: string): StripeObject {
    const found = this.data[collection][id];
    if (!found) throw missing(kind, id);
    return found;
  }

  recordEvent(event: StripeObject) {
    this.data.events[event.id] = event;
    this.data.eventOrder.push(event.id);
    while (this.data.eventOrder.length > MAX_EVENTS_KEPT) {
      const dropped = this.data.eventOrder.shift();
      if (dropped) delete this.data.events[dropped];
    }
  }

  /** Writes the file (temp file, then rename: a crash never leaves half a file). */
  save() {
    if (!this.dataFile) return;
    mkdirSync(dirname(this.dataFile), { recursive: true });
    const temp = `${this.dataFile}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data));
    renameSync(temp, this.dataFile);
  }
}

function emptyData(): FakeData {
  return {
    customers: {},
    subscriptions: {},
    checkoutSessions: {},
    portalSessions: {},
    invoices: {},
    events: {},
    eventOrder: [],
    meterEvents: {},
    idempotency: {},
  };
}

/** A Stripe list envelope. */
export function list(url: string, data: unknown[]) {
  return { object: 'list', data, has_more: false, url };
}
