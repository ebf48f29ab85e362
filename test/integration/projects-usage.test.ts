/**
 * The usage counter's quota condition on DynamoDB Local: exactly at the limit, one over,
 * a first use larger than the limit, and freeing room; plus which element failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoUsageStore, usageAdd, usageSubtract } from '../../functions/entitlements/usage.js';
import { failedConditionIndexes, writeAtomically } from '../../functions/platform/dynamo.js';
import { createTestTable, type TestTable } from '../support/table.js';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('usage');
});
afterAll(async () => table.drop());

const add = (by: number, limit: number) =>
  writeAtomically(table.db, [usageAdd(table.tableName, 'storageBytes', by, limit)], (failed) => Object.assign(new Error('quota'), { failed }));

describe('usage counters', () => {
  it('refuses a first use larger than the limit, allows up to the limit exactly, then refuses one more', async () => {
    await expect(add(5, 4)).rejects.toMatchObject({ message: 'quota', failed: [0] });
    await add(3, 4);
    await add(1, 4);
    expect((await dynamoUsageStore(table.db, table.tableName).current()).storageBytes).toBe(4);
    await expect(add(1, 4)).rejects.toMatchObject({ message: 'quota' });
    await writeAtomically(table.db, [usageSubtract(table.tableName, 'storageBytes', 2)], () => new Error('never'));
    await add(2, 4);
    await expect(add(1, 4)).rejects.toMatchObject({ message: 'quota' });
    expect(await dynamoUsageStore(table.db, table.tableName).current()).toEqual({ projects: 0, documents: 0, storageBytes: 4 });
  });

  it('names the failed element of a transaction among several', async () => {
    const error = await writeAtomically(
      table.db,
      [usageAdd(table.tableName, 'projects', 1, 10), usageAdd(table.tableName, 'storageBytes', 1, 4)].map((e, i) =>
        // Two updates of one item cannot share a transaction: give the first its own item.
        i === 0 ? { Put: { TableName: table.tableName, Item: { pk: 'OTHER', sk: 'X', entity: 'Test', schemaVersion: 1 } } } : e,
      ),
      (failed) => Object.assign(new Error('quota'), { failed }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ failed: [1] });
    expect(failedConditionIndexes(new Error('other'))).toBeUndefined();
  });
});
