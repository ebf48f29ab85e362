/**
 * Append-only items in IAM: every function with table access is denied UpdateItem,
 * DeleteItem and BatchWriteItem on audit items (`AUDIT#…` partitions), and PutItem too
 * unless the catalog lets it append them (the worker). Derived from the catalog, so a new
 * function or a new append-only kind is checked too.
 */
import { describe, expect, it } from 'vitest';
import { appendOnlyItems, functionCatalog } from '../../functions/catalog.js';
import { resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** Every policy statement attached to the role of the function with this description. */
function statementsOf(description: string): Statement[] {
  const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === description) ?? [];
  expect(fn, description).toBeDefined();
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const withTable = Object.entries(functionCatalog).filter(([, d]) => 'table' in d.access);

describe('append-only items', () => {
  it('declares the audit trail append-only, by its partition-key prefix', () => {
    expect(appendOnlyItems.audit.prefix).toBe('AUDIT#');
  });

  it.each(withTable)('%s may never update, delete or batch-write audit items', (name, declaration) => {
    const deny = statementsOf(declaration.description).find((s) => s.Effect === 'Deny' && s.Sid === 'AppendOnlyAudit');
    expect(deny, name).toBeDefined();
    expect(actionsOf(deny as Statement)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    expect(deny?.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } });
    // The deny is on the table itself, where item actions are authorized.
    const [tableId] = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable')[0] ?? [];
    expect(deny?.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
  });

  it('lets only the worker put audit items; the API may not even put them', () => {
    const denied = (description: string) =>
      actionsOf(statementsOf(description).find((s) => s.Sid === 'AppendOnlyAudit') as Statement).includes('dynamodb:PutItem');
    expect(denied(functionCatalog.api.description)).toBe(true);
    expect(denied(functionCatalog.jobWorker.description)).toBe(false);
  });

  it('still grants the API and the worker their table writes (the deny narrows, it does not replace)', () => {
    for (const description of [functionCatalog.api.description, functionCatalog.jobWorker.description]) {
      const allow = statementsOf(description)
        .filter((s) => s.Effect === 'Allow')
        .flatMap(actionsOf);
      expect(allow).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    }
  });

  it('grants no function PartiQL writes, which would be a way around item-level denies', () => {
    for (const [, declaration] of Object.entries(functionCatalog)) {
      const allowed = statementsOf(declaration.description)
        .filter((s) => s.Effect === 'Allow')
        .flatMap(actionsOf);
      expect(allowed.filter((a) => a.startsWith('dynamodb:PartiQL') || a === 'dynamodb:*')).toEqual([]);
    }
  });

  it('gives functions without table access no table statement at all', () => {
    const publisher = statementsOf(functionCatalog.outboxPublisher.description);
    expect(publisher.some((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:Put') || a.startsWith('dynamodb:Update')))).toBe(false);
  });
});
