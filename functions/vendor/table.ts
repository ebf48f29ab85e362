/**
 * The control plane's one table (pool model: every installation's items carry its id in
 * the key). Access patterns are in docs/vendor-access-patterns.md; every key is built
 * here, so the layout has one source. `ensureVendorTable` creates it in DynamoDB Local
 * (local control plane, tests); in AWS the VendorStack owns it.
 */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';

export const vendorTableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  /** Epoch seconds: nonces, processed Stripe event markers. */
  timeToLiveAttribute: 'ttl',
} as const;

export const vendorKeys = {
  installation: (id: string) => ({ pk: `INST#${id}`, sk: 'META' }),
  /** gsi1 of an installation: the fleet, in id order. */
  fleet: (id: string) => ({ gsi1pk: 'FLEET', gsi1sk: `INST#${id}` }),
  subscription: (id: string) => ({ pk: `INST#${id}`, sk: 'SUBSCRIPTION' }),
  /** gsi1 of a subscription: Stripe customer → installation. */
  customer: (stripeCustomerId: string, installationId: string) => ({ gsi1pk: `CUS#${stripeCustomerId}`, gsi1sk: `INST#${installationId}` }),
  usageReport: (id: string, meter: string, hour: string) => ({ pk: `INST#${id}`, sk: `USAGE#${meter}#${hour}` }),
  /** The activation code is stored by its SHA-256, never in clear. */
  activationCode: (codeHash: string) => ({ pk: `ACTCODE#${codeHash}`, sk: 'META' }),
  /** Failed registrations from one source (a hash of its address) in one hour; TTL. */
  activationFailures: (sourceHash: string, hour: string) => ({ pk: `ACTFAIL#${sourceHash}`, sk: `HOUR#${hour}` }),
  nonce: (id: string, nonce: string) => ({ pk: `NONCE#${id}#${nonce}`, sk: 'NONCE' }),
  stripeEvent: (eventId: string) => ({ pk: `STRIPE_EVENT#${eventId}`, sk: 'EVENT' }),
  fleetFlag: (key: string) => ({ pk: 'FLEETFLAG', sk: `FLAG#${key}` }),
  fleetFlagVersion: (key: string, version: number) => ({ pk: 'FLEETFLAG', sk: `FLAGVER#${key}#${String(version).padStart(6, '0')}` }),
  /** One counter, bumped with every fleet flag change; licenses carry it as `flagsVersion`. */
  fleetFlagsCounter: () => ({ pk: 'FLEETFLAG', sk: 'COUNTER' }),
} as const;

export async function ensureVendorTable(client: DynamoDBClient, tableName: string): Promise<{ created: boolean }> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return { created: false };
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  const d = vendorTableDesign;
  const names = [d.partitionKey, d.sortKey, ...d.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: d.partitionKey, KeyType: 'HASH' },
        { AttributeName: d.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: d.globalIndexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: d.timeToLiveAttribute } }));
  return { created: true };
}
