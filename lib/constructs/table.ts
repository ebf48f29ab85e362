/**
 * The single DynamoDB table, shaped by `tableDesign` (functions/platform/table-design.ts)
 * so the stack and the local runtime cannot drift. It holds the customer's data: it is
 * retained on stack deletion, protected from deletion, and recoverable to any second of
 * the last 35 days. Never rename this construct: a new id is a new, empty table.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDesign } from '../../functions/platform/table-design.js';

export class DataTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });

    // TableV2 (AWS::DynamoDB::GlobalTable) so a customer can later add a replica region
    // for disaster recovery without replacing the table.
    this.table = new TableV2(this, 'Resource', {
      partitionKey: key(tableDesign.partitionKey),
      sortKey: key(tableDesign.sortKey),
      globalSecondaryIndexes: tableDesign.globalIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      // AWS-owned key: free. A customer-managed KMS key costs $1 a month and is future work.
      encryption: TableEncryptionV2.dynamoOwnedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      dynamoStream: StreamViewType[tableDesign.streamView],
    });
  }
}
