/**
 * The control plane's one table, shaped by `vendorTableDesign` (functions/vendor/table.ts)
 * so the stack and the local control plane cannot drift. It holds every installation's
 * registration, subscription and usage: retained on stack deletion, protected from
 * deletion, recoverable to any second of the last 35 days. Never rename this construct.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { vendorTableDesign } from '../../functions/vendor/table.js';

export class VendorTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Resource', {
      partitionKey: key(vendorTableDesign.partitionKey),
      sortKey: key(vendorTableDesign.sortKey),
      globalSecondaryIndexes: vendorTableDesign.globalIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      // AWS-owned key: free (a customer-managed key would cost $1 a month).
      encryption: TableEncryptionV2.dynamoOwnedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: vendorTableDesign.timeToLiveAttribute,
    });
  }
}
