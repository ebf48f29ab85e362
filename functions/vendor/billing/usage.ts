/**
 * Usage reports: stored once per (installation, meter, hour) by a conditional put, so a
 * report sent three times is billed once; a different value for a stored hour is refused
 * rather than overwritten. Hours are bounded (at most 1 h ahead of the control plane's
 * clock, at most 35 days old: Stripe's own limit). Only meters the plan bills are
 * forwarded to Stripe Billing Meters, with `identifier = installationId:meter:hour`, so
 * even a forward that runs twice bills once.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { UsageReport, usageResponseSchema } from '../../licensing/control-plane-api.js';
import { isConditionFailure } from '../../platform/dynamo.js';
import type { z } from 'zod';
import { PLANS } from '../plans.js';
import { vendorKeys } from '../table.js';
import type { SendBilling } from './messages.js';
import type { BillingSubscriptionStore } from './store.js';
import { isLive } from './subscription-state.js';
import { isDuplicateMeterEvent } from './stripe-views.js';

export type UsageResponse = z.infer<typeof usageResponseSchema>;
export const USAGE_ENTITY = 'UsageReport';

const HOUR_MS = 3600 * 1000;
/** An installation's clock may run ahead by this much; an hour further ahead is refused. */
export const MAX_FUTURE_MS = HOUR_MS;
/** Stripe takes meter events up to 35 days old; older hours could never be billed. */
export const MAX_AGE_MS = 35 * 24 * HOUR_MS;
/** Kept for the fleet view's history, then removed by TTL. */
const RETENTION_SECONDS = 400 * 24 * 3600;
/** Conditional puts in flight at once for one request. */
const PARALLEL_PUTS = 10;

type Forwarding = 'pending' | 'forwarded' | 'not-billed' | 'expired';

export interface UsageDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  store: BillingSubscriptionStore;
  now: () => Date;
  sendBilling: SendBilling;
}

export const hourStart = (hour: string) => Date.parse(`${hour}:00:00.000Z`);
export const meterIdentifier = (installationId: string, meter: string, hour: string) => `${installationId}:${meter}:${hour}`;

export async function acceptUsage(deps: UsageDeps, installationId: string, reports: UsageReport[]): Promise<UsageResponse> {
  const response: UsageResponse = { accepted: 0, duplicates: 0, rejected: [] };
  const now = deps.now();
  const state = await deps.store.get(installationId);
  const billing = state && isLive(state.status) ? PLANS[state.plan].billing : undefined;
  const billedMeter = billing && billing.kind !== 'none' ? billing.usage?.meter : undefined;

  const one = async (report: UsageReport) => {
    const start = hourStart(report.hour);
    const reject = (reason: string) => response.rejected.push({ meter: report.meter, hour: report.hour, reason });
    if (Number.isNaN(start)) return reject('not a valid UTC hour');
    if (start > now.getTime() + MAX_FUTURE_MS) return reject('hour is in the future (clocks differ by more than 1 hour)');
    if (start < now.getTime() - MAX_AGE_MS) return reject('hour is older than 35 days');
    const forwarding: Forwarding = report.meter === billedMeter ? 'pending' : 'not-billed';
    const key = vendorKeys.usageReport(installationId, report.meter, report.hour);
    try {
      await deps.db.send(
        new PutCommand({
          TableName: deps.tableName,
          Item: {
            ...key,
            entity: USAGE_ENTITY,
            schemaVersion: 1,
            installationId,
            meter: report.meter,
            hour: report.hour,
            value: report.value,
            receivedAt: now.toISOString(),
            forwarding,
            ttl: Math.floor(start / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }));
      if (Item?.value !== report.value) return reject(`conflicting value: ${String(Item?.value)} was already reported for this hour`);
      response.duplicates++;
      // A forward that was never queued (the first request failed after the put) is queued again.
      if (Item.forwarding === 'pending') await deps.sendBilling({ kind: 'usage-forward', installationId, meter: report.meter, hour: report.hour });
      return;
    }
    response.accepted++;
    if (forwarding === 'pending') await deps.sendBilling({ kind: 'usage-forward', installationId, meter: report.meter, hour: report.hour });
  };

  for (let i = 0; i < reports.length; i += PARALLEL_PUTS) await Promise.all(reports.slice(i, i + PARALLEL_PUTS).map(one));
  return response;
}

export interface ForwardDeps extends Omit<UsageDeps, 'sendBilling'> {
  stripe: Stripe;
}

/** Sends one stored hour to its Billing Meter, once; returns what became of it. */
export async function forwardUsage(deps: ForwardDeps, message: { installationId: string; meter: string; hour: string }): Promise<Forwarding | 'absent'> {
  const key = vendorKeys.usageReport(message.installationId, message.meter, message.hour);
  const { Item } = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }));
  if (!Item) return 'absent';
  if (Item.forwarding !== 'pending') return Item.forwarding as Forwarding;
  const state = await deps.store.get(message.installationId);
  const billing = state ? PLANS[state.plan].billing : undefined;
  const usage = billing && billing.kind !== 'none' ? billing.usage : undefined;
  const nowMs = deps.now().getTime();
  const start = hourStart(message.hour);
  let outcome: Forwarding = 'forwarded';
  if (!state || !usage || usage.meter !== message.meter) outcome = 'not-billed';
  // A few minutes of margin under Stripe's 35 days, for the time the request takes.
  else if (start < nowMs - MAX_AGE_MS + 5 * 60 * 1000) outcome = 'expired';
  else {
    try {
      await deps.stripe.billing.meterEvents.create({
        event_name: usage.meterEventName,
        identifier: meterIdentifier(message.installationId, message.meter, message.hour),
        payload: { stripe_customer_id: state.stripeCustomerId, value: String(Item.value) },
        // The hour's start, unless the installation's clock is ahead of ours: Stripe refuses events > 5 min ahead.
        timestamp: Math.floor(Math.min(start, nowMs) / 1000),
      });
    } catch (error) {
      if (!isDuplicateMeterEvent(error)) throw error;
    }
  }
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: key,
        UpdateExpression: 'SET forwarding = :outcome, forwardedAt = :at',
        ConditionExpression: 'forwarding = :pending',
        ExpressionAttributeValues: { ':outcome': outcome, ':at': new Date(nowMs).toISOString(), ':pending': 'pending' },
      }),
    )
    .catch((error) => {
      // Another worker marked it first: the meter event's identifier already made the second send harmless.
      if (!isConditionFailure(error)) throw error;
    });
  return outcome;
}
