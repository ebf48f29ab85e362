/**
 * The DynamoDB adapter for billing's items in the control plane's table: one subscription
 * item per installation (with the Stripe customer → installation index on gsi1), the
 * processed-event markers, and the transaction elements the worker commits together.
 * Keys come only from `vendorKeys`. Writes are conditional: a subscription item changes only
 * from the version it was read at, so two workers never overwrite each other's newer read.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriptionState, SubscriptionStore } from '../subscription.js';
import { vendorKeys } from '../table.js';

export const SUBSCRIPTION_ENTITY = 'Subscription';
export const STRIPE_EVENT_ENTITY = 'StripeEvent';
/** Markers outlive Stripe's redelivery window (3 days automatic, 30 days by hand). */
const EVENT_MARKER_SECONDS = 35 * 24 * 3600;

export interface SubscriptionRecord extends SubscriptionState {
  /** Set once a trial was started, so an installation gets one trial. */
  trialUsed?: boolean;
}

/** applied: state written; superseded: a state read from Stripe after this event was already written (it includes the event). */
export type StripeEventOutcome = 'applied' | 'superseded' | 'ignored-unknown-customer' | 'ignored-no-customer';

/** Drops undefined fields: the item holds only what is known. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const STATE_FIELDS = [
  'installationId',
  'stripeCustomerId',
  'stripeSubscriptionId',
  'plan',
  'status',
  'seatsBilled',
  'trialEndsAt',
  'graceEndsAt',
  'currentPeriodEnd',
  'syncedAt',
] as const;

function toRecord(item: Record<string, unknown>): SubscriptionRecord {
  const picked = Object.fromEntries(STATE_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as SubscriptionRecord;
  if (item.trialUsed === true) picked.trialUsed = true;
  return picked;
}

export function dynamoSubscriptionStore(db: DynamoDBDocumentClient, tableName: string) {
  const store = {
    async get(installationId: string): Promise<SubscriptionRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: vendorKeys.subscription(installationId), ConsistentRead: true }));
      return Item ? toRecord(Item) : undefined;
    },

    async installationForCustomer(stripeCustomerId: string): Promise<string | undefined> {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': vendorKeys.customer(stripeCustomerId, '').gsi1pk },
          Limit: 1,
        }),
      );
      const id = Items?.[0]?.installationId;
      return typeof id === 'string' ? id : undefined;
    },

    /** The subscription item, written only over the version read (`expectedSyncedAt`; null: only if there is none yet). */
    subscriptionPut(record: SubscriptionRecord, expectedSyncedAt: string | null) {
      return {
        Put: {
          TableName: tableName,
          Item: compact({
            ...vendorKeys.subscription(record.installationId),
            ...vendorKeys.customer(record.stripeCustomerId, record.installationId),
            entity: SUBSCRIPTION_ENTITY,
            schemaVersion: 1,
            ...record,
          }),
          ...(expectedSyncedAt === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'syncedAt = :expected', ExpressionAttributeValues: { ':expected': expectedSyncedAt } }),
        },
      };
    },

    /** The installation item's denormalised plan and status for the fleet view; only if the installation exists. */
    installationPlanUpdate(installationId: string, state: Pick<SubscriptionState, 'plan' | 'status'>) {
      return {
        Update: {
          TableName: tableName,
          Key: vendorKeys.installation(installationId),
          UpdateExpression: 'SET #plan = :plan, #status = :status',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#plan': 'plan', '#status': 'status' },
          ExpressionAttributeValues: { ':plan': state.plan, ':status': state.status },
        },
      };
    },

    /** The once-only marker of a Stripe event: its put fails if the event was already processed. */
    stripeEventMarkerPut(event: { id: string; type: string }, outcome: StripeEventOutcome, now: Date, installationId?: string) {
      return {
        Put: {
          TableName: tableName,
          Item: compact({
            ...vendorKeys.stripeEvent(event.id),
            entity: STRIPE_EVENT_ENTITY,
            schemaVersion: 1,
            eventId: event.id,
            type: event.type,
            outcome,
            installationId,
            processedAt: now.toISOString(),
            ttl: Math.floor(now.getTime() / 1000) + EVENT_MARKER_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    },

    async stripeEventMarker(eventId: string): Promise<{ outcome: StripeEventOutcome; installationId?: string } | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: vendorKeys.stripeEvent(eventId), ConsistentRead: true }));
      return Item ? { outcome: Item.outcome as StripeEventOutcome, installationId: Item.installationId as string | undefined } : undefined;
    },

    /** Writes one subscription item on its own (trial start, first customer), with the same version condition. */
    async save(record: SubscriptionRecord, expectedSyncedAt: string | null): Promise<void> {
      await db.send(new PutCommand(store.subscriptionPut(record, expectedSyncedAt).Put));
    },

    async installationExists(installationId: string): Promise<{ exists: boolean; seats?: number }> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: vendorKeys.installation(installationId), ProjectionExpression: 'pk, seats' }));
      return { exists: Item !== undefined, seats: typeof Item?.seats === 'number' ? Item.seats : undefined };
    },
  };
  return store satisfies SubscriptionStore;
}

export type BillingSubscriptionStore = ReturnType<typeof dynamoSubscriptionStore>;
