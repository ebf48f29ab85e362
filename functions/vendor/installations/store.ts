/**
 * The DynamoDB adapter of installations and activation codes in the vendor table. Keys
 * come from `vendorKeys`; every change that matters to the vendor is written with its
 * event in one transaction. Heartbeats are telemetry, not changes: they update the
 * installation item alone.
 */
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { outboxPut } from '../../events/outbox.js';
import type { Ring } from '../../flags/model.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import { isConditionFailure, writeAtomically } from '../../platform/dynamo.js';
import { Conflict } from '../../platform/errors.js';
import type { PlanId } from '../plans.js';
import type { SubscriptionStatus } from '../subscription.js';
import { vendorKeys } from '../table.js';
import type { ActivationCode, Heartbeat, Installation, InstallationStore } from './domain.js';

const INSTALLATION = 'Installation';
const ACTIVATION_CODE = 'ActivationCode';
/** An activation code item outlives its expiry by this much, so support can still see it was used. */
const CODE_RETENTION_SECONDS = 30 * 24 * 3600;

export function dynamoInstallationStore(db: DynamoDBDocumentClient, tableName: string): InstallationStore {
  return {
    async get(installationId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: vendorKeys.installation(installationId), ConsistentRead: true }));
      return Item ? toInstallation(Item) : undefined;
    },

    async register(codeHash, installation, event, now) {
      try {
        await writeAtomically(
          db,
          [
            {
              Update: {
                TableName: tableName,
                Key: vendorKeys.activationCode(codeHash),
                UpdateExpression: 'SET usesLeft = usesLeft - :one, lastUsedAt = :now',
                ConditionExpression: 'attribute_exists(pk) AND usesLeft > :zero AND expiresAtEpoch > :nowSeconds',
                ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':now': now.toISOString(), ':nowSeconds': Math.floor(now.getTime() / 1000) },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...vendorKeys.installation(installation.installationId),
                  ...vendorKeys.fleet(installation.installationId),
                  entity: INSTALLATION,
                  schemaVersion: 1,
                  ...installation,
                  activationCodeHash: codeHash,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            outboxPut(tableName, event),
          ],
          (failed) => (failed.includes(0) ? new CodeUnusable() : new Conflict('The installation could not be created; try again.')),
        );
        return true;
      } catch (error) {
        if (error instanceof CodeUnusable) return false;
        throw error;
      }
    },

    async failedActivations(sourceHash, hour) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: vendorKeys.activationFailures(sourceHash, hour), ConsistentRead: true }));
      return typeof Item?.failures === 'number' ? Item.failures : 0;
    },

    async recordFailedActivation(sourceHash, hour, expiresAtSeconds) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: vendorKeys.activationFailures(sourceHash, hour),
          UpdateExpression: 'ADD failures :one SET entity = :entity, schemaVersion = :v, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':entity': 'ActivationFailures', ':v': 1, ':ttl': expiresAtSeconds },
        }),
      );
    },

    async recordHeartbeat(installationId, heartbeat: Heartbeat) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: vendorKeys.installation(installationId),
            UpdateExpression: heartbeat.health
              ? 'SET version = :version, channel = :channel, seats = :seats, lastHeartbeatAt = :at, health = :health'
              : 'SET version = :version, channel = :channel, seats = :seats, lastHeartbeatAt = :at REMOVE health',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':version': heartbeat.version,
              ':channel': heartbeat.channel,
              ':seats': heartbeat.seats,
              ':at': heartbeat.at,
              ...(heartbeat.health ? { ':health': heartbeat.health } : {}),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async setRing(installationId, from: Ring, to: Ring, event) {
      await writeAtomically(
        db,
        [
          {
            Update: {
              TableName: tableName,
              Key: vendorKeys.installation(installationId),
              UpdateExpression: 'SET ring = :to',
              ConditionExpression: 'attribute_exists(pk) AND ring = :from',
              ExpressionAttributeValues: { ':from': from, ':to': to },
            },
          },
          outboxPut(tableName, event),
        ],
        () => new Conflict('The installation changed meanwhile; reload and try again.'),
      );
    },

    async createActivationCode(code: ActivationCode, event) {
      const expiresAtEpoch = Math.floor(Date.parse(code.expiresAt) / 1000);
      await writeAtomically(
        db,
        [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...vendorKeys.activationCode(code.codeHash),
                entity: ACTIVATION_CODE,
                schemaVersion: 1,
                ...code,
                usesLeft: code.uses,
                expiresAtEpoch,
                ttl: expiresAtEpoch + CODE_RETENTION_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxPut(tableName, event),
        ],
        () => new Conflict('That activation code exists already.'),
      );
    },

    async fleetPage(limit, cursor) {
      const start = decodeCursor(cursor, { gsi1pk: 'FLEET' });
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :fleet',
          ExpressionAttributeValues: { ':fleet': 'FLEET' },
          ExclusiveStartKey: start,
          // One more than asked: a next page exists only if it has at least one item.
          Limit: limit + 1,
        }),
      );
      const page = Items.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        Items.length > limit && last
          ? encodeCursor({ pk: String(last.pk), sk: String(last.sk), gsi1pk: String(last.gsi1pk), gsi1sk: String(last.gsi1sk) })
          : undefined;
      return { items: page.map(toInstallation), ...(nextCursor ? { nextCursor } : {}) };
    },

    async subscriptionSummaries(installationIds) {
      const out = new Map<string, { plan: PlanId; status: SubscriptionStatus }>();
      const idByPk = new Map(installationIds.map((id) => [vendorKeys.subscription(id).pk, id]));
      // BatchGetItem takes 100 keys; a fleet page is at most 100 installations.
      for (let i = 0; i < installationIds.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = installationIds.slice(i, i + 100).map((id) => vendorKeys.subscription(id));
        for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
          const result: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: { Keys: keys, ProjectionExpression: 'pk, #plan, #status', ExpressionAttributeNames: { '#plan': 'plan', '#status': 'status' } },
              },
            }),
          );
          for (const item of result.Responses?.[tableName] ?? []) {
            const id = idByPk.get(String(item.pk));
            if (id) out.set(id, { plan: item.plan as PlanId, status: item.status as SubscriptionStatus });
          }
          keys = result.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return out;
    },
  };
}

class CodeUnusable extends Error {}

function toInstallation(item: Record<string, unknown>): Installation {
  return {
    installationId: String(item.installationId),
    name: String(item.name),
    ring: item.ring as Installation['ring'],
    channel: item.channel as Installation['channel'],
    version: String(item.version),
    registeredAt: String(item.registeredAt),
    signingKey: String(item.signingKey),
    ...(typeof item.lastHeartbeatAt === 'string' ? { lastHeartbeatAt: item.lastHeartbeatAt } : {}),
    ...(typeof item.seats === 'number' ? { seats: item.seats } : {}),
    ...(item.health ? { health: item.health as Installation['health'] } : {}),
  };
}
