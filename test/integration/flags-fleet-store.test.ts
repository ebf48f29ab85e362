/**
 * Fleet flags in the control plane's table (DynamoDB Local): the same versioned store as
 * an installation's flags under `vendorKeys`, with the counter every change bumps, which
 * a license carries as `flagsVersion`; concurrency, delete with history, revert.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { PreconditionFailed, PreconditionRequired } from '../../functions/platform/errors.js';
import {
  deleteFleetFlag,
  fleetFlagHistory,
  fleetFlagsForLicense,
  getFleetFlag,
  listFleetFlags,
  putFleetFlag,
  revertFleetFlag,
} from '../../functions/vendor/fleet-flags.js';
import { ensureVendorTable } from '../../functions/vendor/table.js';
import { aFlagKey, fleetFlagDefinition } from './flags-fixtures.js';

let client: DynamoDBClient;
let db: DynamoDBDocumentClient;
const tableName = `fleet-flags-${randomBytes(4).toString('hex')}`;
const now = new Date('2026-11-24T09:00:00.000Z');

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: dynamoDbLocalCredentials });
  await ensureVendorTable(client, tableName);
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  client.destroy();
});

describe('fleet flags', () => {
  it('starts empty at flagsVersion 0', async () => {
    expect(await fleetFlagsForLicense(db, tableName)).toEqual({ flags: [], flagsVersion: 0 });
  });

  it('bumps the license’s flagsVersion with every change and lists what a license carries', async () => {
    const key = aFlagKey();
    const created = await putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [0] }), undefined, { by: 'staff-1', now });
    expect(created.definition).toMatchObject({ key, version: 1, createdAt: '2026-11-24' });
    expect(created.updatedBy).toBe('staff-1');
    const first = await fleetFlagsForLicense(db, tableName);
    expect(first.flags.map((f) => f.key)).toContain(key);

    await putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [0, 1] }), 1, { now });
    const second = await fleetFlagsForLicense(db, tableName);
    expect(second.flagsVersion).toBe(first.flagsVersion + 1);
    expect(second.flags.find((f) => f.key === key)?.rules[0]?.when.rings).toEqual([0, 1]);
    expect((await getFleetFlag(db, tableName, key))?.definition.version).toBe(2);
  });

  it('needs the version read to replace or delete, and refuses a stale one', async () => {
    const key = aFlagKey();
    await putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [0] }), undefined, { now });
    await expect(putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [1] }), undefined, { now })).rejects.toBeInstanceOf(PreconditionRequired);
    await expect(putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [1] }), 5, { now })).rejects.toBeInstanceOf(PreconditionFailed);
    await expect(deleteFleetFlag(db, tableName, key, 2, { now })).rejects.toBeInstanceOf(PreconditionFailed);
    const racing = await Promise.allSettled([
      putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [1] }), 1, { now }),
      putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [2] }), 1, { now }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('deletes with history kept and restores by reverting', async () => {
    const key = aFlagKey('ops');
    await putFleetFlag(db, tableName, fleetFlagDefinition(key, { rings: [0] }), undefined, { now });
    const before = await fleetFlagsForLicense(db, tableName);
    await deleteFleetFlag(db, tableName, key, 1, { by: 'staff-2', now });
    const after = await fleetFlagsForLicense(db, tableName);
    expect(after.flags.map((f) => f.key)).not.toContain(key);
    expect(after.flagsVersion).toBe(before.flagsVersion + 1);
    expect((await fleetFlagHistory(db, tableName, key)).map((h) => [h.version, h.change, h.by])).toEqual([
      [2, 'deleted', 'staff-2'],
      [1, 'created', 'vendor'],
    ]);
    const restored = await revertFleetFlag(db, tableName, key, 1, undefined, { now });
    expect(restored.definition.version).toBe(3);
    expect((await listFleetFlags(db, tableName)).map((f) => f.definition.key)).toContain(key);
  });
});
