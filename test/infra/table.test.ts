/** The single table: shaped by tableDesign, billed per request, and impossible to lose by accident. */
import { describe, expect, it } from 'vitest';
import { tableDesign } from '../../functions/platform/table-design.js';
import { resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const tables = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable');
const [, table] = tables[0] ?? [];

describe('the data table', () => {
  it('is the only table of the stack', () => {
    expect(tables).toHaveLength(1);
    expect(template.findResources('AWS::DynamoDB::Table')).toEqual({});
  });

  it('uses the keys of tableDesign', () => {
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
    ]);
  });

  it('bills on demand, with no provisioned capacity to pay for while idle', () => {
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('has point-in-time recovery on', () => {
    expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('has deletion protection on', () => {
    expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it(`expires items by their ${tableDesign.timeToLiveAttribute} attribute`, () => {
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: tableDesign.timeToLiveAttribute, Enabled: true });
  });

  it('streams new images for the outbox publisher', () => {
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: tableDesign.streamView });
  });

  it('has every global index of tableDesign, projecting all attributes', () => {
    const expected = tableDesign.globalIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(expected);
  });

  it('is encrypted with an AWS owned key, not a customer key with a monthly fee', () => {
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: false });
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('has no hard-coded name', () => {
    expect(table.Properties.TableName).toBeUndefined();
  });
});
