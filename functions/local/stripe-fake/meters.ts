/**
 * The fake's Billing Meters: meter events (unique by identifier, as Stripe enforces, with
 * Stripe's timestamp window) and their summed value per customer for a time range, so
 * tests can assert what was billed.
 */
import { integer, invalid, type Params, text } from './params.js';
import { type FakeState, StripeFakeError, type StripeObject, list } from './state.js';

const DAY = 24 * 3600;
/** Stripe accepts meter events up to 35 days old and 5 minutes ahead. */
const METER_PAST_SECONDS = 35 * DAY;
const METER_FUTURE_SECONDS = 5 * 60;

export class FakeMeters {
  constructor(
    private readonly state: FakeState,
    private readonly nowSeconds: () => number,
  ) {}

  private get data() {
    return this.state.data;
  }

  createMeterEvent(params: Params): StripeObject {
    const eventName = text(params.event_name);
    if (!eventName) throw invalid('Missing required param: event_name.', 'event_name');
    const payload = (params.payload ?? {}) as Record<string, string>;
    const customer = text(payload.stripe_customer_id);
    if (!customer) throw invalid('The payload must contain stripe_customer_id.', 'payload');
    this.state.get('customers', customer, 'customer');
    if (!/^-?\d+(\.\d+)?$/.test(String(payload.value ?? ''))) throw invalid('The payload value must be a number.', 'payload[value]');
    const now = this.nowSeconds();
    const timestamp = integer(params.timestamp) ?? now;
    if (timestamp < now - METER_PAST_SECONDS || timestamp > now + METER_FUTURE_SECONDS)
      throw invalid('Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.', 'timestamp');
    const identifier = text(params.identifier) ?? this.state.newId('mev');
    if (identifier.length > 100) throw invalid('identifier is longer than 100 characters.', 'identifier');
    if (this.data.meterEvents[identifier])
      throw new StripeFakeError(
        400,
        'invalid_request_error',
        `An event already exists with identifier ${identifier}.`,
        'resource_already_exists',
        'identifier',
      );
    const event: StripeObject = {
      id: identifier,
      object: 'billing.meter_event',
      created: now,
      event_name: eventName,
      identifier,
      livemode: false,
      payload,
      timestamp,
    };
    this.data.meterEvents[identifier] = event;
    return event;
  }

  /** Sum of the values a customer sent for a meter (by meter id `mtr_<event_name>` or the event name) in [start, end). */
  meterEventSummaries(meterId: string, query: Params) {
    const eventName = meterId.replace(/^mtr_/, '');
    const customer = text(query.customer);
    const start = integer(query.start_time);
    const end = integer(query.end_time);
    if (!customer || start === undefined || end === undefined) throw invalid('customer, start_time and end_time are required.');
    const total = Object.values(this.data.meterEvents)
      .filter((e) => e.event_name === eventName && (e.payload as Record<string, string>).stripe_customer_id === customer)
      .filter((e) => Number(e.timestamp) >= start && Number(e.timestamp) < end)
      .reduce((sum, e) => sum + Number((e.payload as Record<string, string>).value), 0);
    return list(`/v1/billing/meters/${meterId}/event_summaries`, [
      {
        id: `mtrsum_${start}`,
        object: 'billing.meter_event_summary',
        aggregated_value: total,
        start_time: start,
        end_time: end,
        livemode: false,
        meter: meterId,
      },
    ]);
  }
}
