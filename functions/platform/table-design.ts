/**
 * The single table's shape, declared once as data. The CDK `Table` construct and the
 * local runtime's `CreateTable` both read this, so they cannot drift. Changing a key or
 * an index name here replaces the table in a customer's account: treat it as a contract.
 * The access patterns each index serves are written in docs/access-patterns.md.
 */
export interface IndexDesign {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this attribute (epoch seconds) are deleted by DynamoDB TTL. */
  timeToLiveAttribute: 'expiresAt',
  /** The outbox publisher reads new images of outbox items from the stream. */
  streamView: 'NEW_IMAGE',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ] as readonly IndexDesign[],
} as const;

/** Every item carries its entity name and the version of its stored format. */
export interface ItemBase {
  pk: string;
  sk: string;
  entity: string;
  schemaVersion: number;
}
