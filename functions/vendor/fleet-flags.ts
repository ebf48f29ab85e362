/**
 * Fleet flags in the control plane's table: the same store and the same change rules as
 * an installation's flags (functions/flags/store.ts, changes.ts), under `vendorKeys`. The
 * counter every change bumps is the `flagsVersion` a license carries, so an installation
 * tells a new fleet set at a glance. The history entries (who, when, the full definition)
 * are the fleet flags' audit trail: the control plane has no outbox.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deleteFlag, type FlagInput, putFlag, revertFlag } from '../flags/changes.js';
import type { FlagDefinition } from '../flags/model.js';
import { dynamoFlagStore, type FlagChange, type FlagHistoryEntry, type FlagStore, type StoredFlag } from '../flags/store.js';
import { vendorKeys } from './table.js';

export const fleetFlagKeys = {
  flag: vendorKeys.fleetFlag,
  flagVersion: vendorKeys.fleetFlagVersion,
  counter: vendorKeys.fleetFlagsCounter,
};

export const fleetFlagStore = (db: DynamoDBDocumentClient, tableName: string): FlagStore => dynamoFlagStore(db, tableName, fleetFlagKeys);

/** Who changed a fleet flag and when. @default by 'vendor', now the system clock */
export interface FleetFlagChangeOptions {
  by?: string;
  now?: Date;
}

/** What a license carries: every fleet flag, and the counter they were read at (read first, so the set is never older than it). */
export async function fleetFlagsForLicense(db: DynamoDBDocumentClient, tableName: string): Promise<{ flags: FlagDefinition[]; flagsVersion: number }> {
  const store = fleetFlagStore(db, tableName);
  const flagsVersion = await store.changeCounter();
  const flags = (await store.list()).map((f) => f.definition);
  return { flags, flagsVersion };
}

export const listFleetFlags = (db: DynamoDBDocumentClient, tableName: string): Promise<StoredFlag[]> => fleetFlagStore(db, tableName).list();

export const getFleetFlag = (db: DynamoDBDocumentClient, tableName: string, key: string): Promise<StoredFlag | undefined> =>
  fleetFlagStore(db, tableName).get(key);

/** Newest first, deletions included (at most 50). */
export const fleetFlagHistory = (db: DynamoDBDocumentClient, tableName: string, key: string, limit?: number): Promise<FlagHistoryEntry[]> =>
  fleetFlagStore(db, tableName).history(key, limit);

/**
 * Creates a fleet flag, or replaces it when `expectedVersion` is the version stored
 * (PreconditionRequired without it, PreconditionFailed when stale). The definition's own
 * `version` and `createdAt`, if sent, are ignored: the store owns them.
 */
export async function putFleetFlag(
  db: DynamoDBDocumentClient,
  tableName: string,
  def: FlagInput & { key: string; version?: number; createdAt?: string },
  expectedVersion?: number,
  options: FleetFlagChangeOptions = {},
): Promise<StoredFlag> {
  const { key, version: _version, createdAt: _createdAt, ...input } = def;
  const change = await putFlag(writer(db, tableName, options), key, input, expectedVersion);
  return stored(change);
}

export async function deleteFleetFlag(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: string,
  expectedVersion: number | undefined,
  options: FleetFlagChangeOptions = {},
): Promise<void> {
  await deleteFlag(writer(db, tableName, options), key, expectedVersion);
}

export async function revertFleetFlag(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: string,
  version: number,
  expectedVersion: number | undefined,
  options: FleetFlagChangeOptions = {},
): Promise<StoredFlag> {
  return stored(await revertFlag(writer(db, tableName, options), key, version, expectedVersion));
}

function writer(db: DynamoDBDocumentClient, tableName: string, options: FleetFlagChangeOptions) {
  return { store: fleetFlagStore(db, tableName), now: options.now ?? new Date(), by: options.by ?? 'vendor' };
}

function stored(change: FlagChange): StoredFlag {
  if (!change.after) throw new Error('A put or revert always leaves a flag.');
  return { definition: change.after, updatedAt: change.at, updatedBy: change.by };
}
