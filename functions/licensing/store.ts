/**
 * DynamoDB adapter for the installation's licensing state: one partition
 * (`INSTALLATION#LICENSE`, one Query for the billing page) with up to four items: the
 * license in force (`CURRENT`: the token as received, its verified claims), the
 * connection to the control plane (`CONNECTION`: installation id and the request-signing
 * key derived from the installation secret, never the secret itself), the sync state
 * (`SYNC`) and the last rejected license (`REJECTED`: why, when; never its token).
 *
 * A license replaces the stored one only if it was issued at or after it (`issuedAt`), so a
 * slow refresh cannot put an older license back over a newer one the hourly sync stored.
 */
import { GetCommand, PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { isConditionFailure, writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import type { ItemBase } from '../platform/table-design.js';
import type { LicenseClaims } from './claims.js';

const PARTITION = 'INSTALLATION#LICENSE';

export const licenseKeys = {
  partition: () => ({ pk: PARTITION }),
  current: () => ({ pk: PARTITION, sk: 'CURRENT' }),
  connection: () => ({ pk: PARTITION, sk: 'CONNECTION' }),
  sync: () => ({ pk: PARTITION, sk: 'SYNC' }),
  rejected: () => ({ pk: PARTITION, sk: 'REJECTED' }),
};

export const LICENSE_ENTITIES = {
  current: 'License',
  connection: 'ControlPlaneConnection',
  sync: 'LicenseSyncState',
  rejected: 'LicenseRejection',
} as const;
const SCHEMA_VERSION = 1;

/** Where a license came from: registration, the hourly sync, an admin's refresh, a trial start. */
export type LicenseSource = 'activation' | 'sync' | 'refresh' | 'trial';

export interface StoredLicense {
  /** The compact JWS exactly as the control plane signed it. */
  token: string;
  /** Its claims, verified when it was stored. */
  claims: LicenseClaims;
  receivedAt: string;
  source: LicenseSource;
}

export interface StoredConnection {
  installationId: string;
  /** HMAC key for signed requests, derived from the installation secret (`signingKeyFrom`). */
  signingKey: string;
  controlPlaneUrl: string;
  connectedAt: string;
}

export interface SyncState {
  /** ISO: the last sync that reached the control plane. */
  lastSyncAt?: string;
  /** ISO: the last sync tried, successful or not. */
  lastAttemptAt?: string;
  /** The last attempt's error, short and safe to show; absent after a success. */
  lastError?: string;
}

export interface LicenseRejection {
  reason: string;
  at: string;
  source: LicenseSource;
}

export interface LicensingState {
  license?: StoredLicense;
  connection?: StoredConnection;
  sync: SyncState;
  lastRejection?: LicenseRejection;
}

export interface LicenseStore {
  /** Everything at once (one consistent Query): the billing page. */
  state(): Promise<LicensingState>;
  current(): Promise<StoredLicense | undefined>;
  connection(): Promise<StoredConnection | undefined>;
  /**
   * Stores `license` in place of the current one (with `event`, in one transaction) unless
   * a license issued later is already stored; returns false then, and nothing is written.
   */
  replace(license: StoredLicense, event?: DomainEvent): Promise<boolean>;
  /** Records why a license was refused, with its audit event; the stored license is untouched. */
  recordRejection(rejection: LicenseRejection, event: DomainEvent): Promise<void>;
  /**
   * Stores the connection and its first license (if it verified) atomically with the events;
   * Conflict if already connected. Without a license the connection is still kept: the
   * installation secret behind it is shown once and could not be had again.
   */
  connect(connection: StoredConnection, license: StoredLicense | undefined, events: DomainEvent[]): Promise<void>;
  /** Sets the given sync attributes (an absent `lastError` after a success is removed). */
  recordSync(state: SyncState, event?: DomainEvent): Promise<void>;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export function dynamoLicenseStore(db: DynamoDBDocumentClient, tableName: string): LicenseStore {
  const base = (entity: string) => ({ entity, schemaVersion: SCHEMA_VERSION });
  const licenseItem = (l: StoredLicense) => ({
    ...licenseKeys.current(),
    ...base(LICENSE_ENTITIES.current),
    ...l,
    // Top-level copy of `claims.iat` for the freshness condition.
    issuedAt: l.claims.iat,
  });
  const licensePut = (l: StoredLicense) => ({
    Put: {
      TableName: tableName,
      Item: licenseItem(l),
      ConditionExpression: 'attribute_not_exists(pk) OR issuedAt <= :iat',
      ExpressionAttributeValues: { ':iat': l.claims.iat },
    },
  });
  const withEvents = (items: TransactItems, events: DomainEvent[]): TransactItems => [...items, ...events.map((e) => outboxPut(tableName, e))];

  return {
    async state() {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': PARTITION },
          ConsistentRead: true,
          Limit: 10,
        }),
      );
      const by = (sk: string) => Items.find((i) => i.sk === sk);
      const license = by(licenseKeys.current().sk);
      const connection = by(licenseKeys.connection().sk);
      const sync = by(licenseKeys.sync().sk);
      const rejected = by(licenseKeys.rejected().sk);
      return {
        ...(license ? { license: toLicense(license) } : {}),
        ...(connection ? { connection: toConnection(connection) } : {}),
        sync: sync ? toSync(sync) : {},
        ...(rejected ? { lastRejection: { reason: String(rejected.reason), at: String(rejected.at), source: rejected.source as LicenseSource } } : {}),
      };
    },
    async current() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: licenseKeys.current(), ConsistentRead: true }));
      return Item ? toLicense(Item) : undefined;
    },
    async connection() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: licenseKeys.connection(), ConsistentRead: true }));
      return Item ? toConnection(Item) : undefined;
    },
    async replace(license, event) {
      const stale = new Error('stale');
      try {
        if (event) await writeAtomically(db, withEvents([licensePut(license)], [event]), () => stale);
        else await db.send(new PutCommand(licensePut(license).Put));
        return true;
      } catch (error) {
        if (error === stale || isConditionFailure(error)) return false;
        throw error;
      }
    },
    async recordRejection(rejection, event) {
      const item = { ...licenseKeys.rejected(), ...base(LICENSE_ENTITIES.rejected), ...rejection };
      await writeAtomically(db, withEvents([{ Put: { TableName: tableName, Item: item } }], [event]), () => new Conflict('The rejection was not recorded.'));
    },
    async connect(connection, license, events) {
      const item = { ...licenseKeys.connection(), ...base(LICENSE_ENTITIES.connection), ...connection };
      await writeAtomically(
        db,
        withEvents(
          [{ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }, ...(license ? [licensePut(license)] : [])],
          events,
        ),
        () => new Conflict('This installation is already connected to the control plane.'),
      );
    },
    async recordSync(state, event) {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':entity': LICENSE_ENTITIES.sync, ':v': SCHEMA_VERSION };
      const set = ['entity = :entity', 'schemaVersion = :v'];
      for (const [name, value] of Object.entries(state)) {
        if (value === undefined) continue;
        names[`#${name}`] = name;
        values[`:${name}`] = value;
        set.push(`#${name} = :${name}`);
      }
      // A success clears the last error; a failure leaves lastSyncAt (the last good one) as it was.
      const clearsError = state.lastSyncAt !== undefined && state.lastError === undefined;
      if (clearsError) names['#lastError'] = 'lastError';
      const update = {
        Update: {
          TableName: tableName,
          Key: licenseKeys.sync(),
          UpdateExpression: `SET ${set.join(', ')}${clearsError ? ' REMOVE #lastError' : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
      await writeAtomically(db, withEvents([update], event ? [event] : []), () => new Conflict('The sync state was not recorded.'));
    },
  };
}

function toLicense(item: Record<string, unknown>): StoredLicense {
  const { token, claims, receivedAt, source } = item as unknown as StoredLicense & ItemBase;
  return { token, claims, receivedAt, source };
}

function toConnection(item: Record<string, unknown>): StoredConnection {
  const { installationId, signingKey, controlPlaneUrl, connectedAt } = item as unknown as StoredConnection & ItemBase;
  return { installationId, signingKey, controlPlaneUrl, connectedAt };
}

function toSync(item: Record<string, unknown>): SyncState {
  const { lastSyncAt, lastAttemptAt, lastError } = item as SyncState;
  return { ...(lastSyncAt ? { lastSyncAt } : {}), ...(lastAttemptAt ? { lastAttemptAt } : {}), ...(lastError ? { lastError } : {}) };
}
