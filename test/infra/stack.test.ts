/**
 * The stack as a customer meets it: documented parameters with constraints, the outputs
 * they need after a deploy, no fixed monthly price, no hard-coded names, and functions
 * that can touch only what they declare.
 */
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { type CfnTemplate, parameterValues, resourcesCreated } from '../../bench/cost/template.js';
import { type CfnJson, resourcesOfType, statementsOfFunction, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const json = template.toJSON();

/** Resource types with a monthly price whether or not anyone uses the installation. */
const FIXED_COST_TYPES = [
  'AWS::KMS::Key',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::WAFv2::WebACL',
  'AWS::EC2::NatGateway',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCEndpoint',
  'AWS::SecretsManager::Secret',
  'AWS::Lambda::Version',
  'AWS::DynamoDB::Table',
];

/** Properties that would give a resource a fixed physical name. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Cognito::UserPool': 'UserPoolName',
};

const statementsOf = (functionDescription: string) => statementsOfFunction(template, functionDescription);
const actionsOf = (statements: CfnJson[]) => statements.flatMap((s) => [s.Action].flat());

describe('the parameters', () => {
  it.each(Object.keys(json.Parameters).filter((name) => !name.startsWith('BootstrapVersion')))('%s is described and constrained', (name) => {
    const parameter = json.Parameters[name];
    expect(parameter.Description.length).toBeGreaterThan(20);
    const constrained = ['AllowedValues', 'AllowedPattern', 'MinValue', 'MaxValue'].some((key) => key in parameter);
    expect(constrained).toBe(true);
  });

  it('require the first owner email, with no default', () => {
    expect(json.Parameters.InitialOwnerEmail.Default).toBeUndefined();
  });

  it('are grouped for the console', () => {
    const groups = json.Metadata['AWS::CloudFormation::Interface'].ParameterGroups.flatMap((g: CfnJson) => g.Parameters);
    expect(groups.sort()).toEqual(
      Object.keys(json.Parameters)
        .filter((name) => name !== 'BootstrapVersion')
        .sort(),
    );
  });
});

describe('the outputs', () => {
  it.each([
    ['AppUrl'],
    ['ApiUrl'],
    ['IntegrationApiUrl'],
    ['SamlAcsUrl'],
    ['SamlEntityId'],
    ['OidcRedirectUrl'],
    ['UserPoolId'],
    ['UserPoolClientId'],
    ['TableName'],
    ['EventBusName'],
  ])('include %s', (name) => {
    expect(json.Outputs[name].Value).toBeDefined();
    expect(json.Outputs[name].Description).toBeDefined();
  });
});

describe('what an idle installation costs', () => {
  // Opt-in fixed costs (EnableAlarms) sit behind a condition that the defaults leave false.
  it.each(FIXED_COST_TYPES.map((type) => [type]))('has no %s with the default parameters', (type) => {
    const created = resourcesCreated(json as CfnTemplate, parameterValues(json as CfnTemplate)).filter(([, resource]) => resource.Type === type);
    expect(created.map(([id]) => id)).toEqual([]);
  });

  it('has no hard-coded physical names', () => {
    for (const [type, property] of Object.entries(NAME_PROPERTIES)) {
      for (const [id, resource] of resourcesOfType(template, type)) expect(resource.Properties[property], `${id}.${property}`).toBeUndefined();
    }
  });

  it.each([
    ['AWS::Events::EventBus', 'Name'],
    ['AWS::ApiGatewayV2::Api', 'Name'],
  ])('names the %s after the stack, whose name is unique in its region', (type, property) => {
    for (const [, resource] of resourcesOfType(template, type)) expect(JSON.stringify(resource.Properties[property])).toContain('"Ref":"AWS::StackName"');
  });

  it.each([
    ['AWS::CloudFront::ResponseHeadersPolicy', (p: CfnJson) => p.ResponseHeadersPolicyConfig.Name],
    ['AWS::CloudFront::Function', (p: CfnJson) => p.Name],
    ['AWS::CloudFront::OriginAccessControl', (p: CfnJson) => p.OriginAccessControlConfig.Name],
    ['AWS::Cognito::UserPoolDomain', (p: CfnJson) => p.Domain],
  ])('names the account-wide %s after the stack id, unique across regions and installations', (type, nameOf) => {
    const resources = resourcesOfType(template, type);
    expect(resources.length).toBeGreaterThan(0);
    for (const [, resource] of resources) expect(JSON.stringify(nameOf(resource.Properties))).toContain('"Ref":"AWS::StackId"');
  });
});

describe('least privilege', () => {
  it.each(Object.entries(functionCatalog))('%s has no wildcard action and no * resource except for X-Ray', (_name, declaration) => {
    for (const statement of statementsOf(declaration.description)) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/(^\*$)|(:\*$)/);
      if ([statement.Resource].flat().includes('*')) expect([statement.Action].flat().every((a: string) => a.startsWith('xray:'))).toBe(true);
    }
  });

  it('the API function can use table items but not manage the table, publish events or send jobs', () => {
    const actions = actionsOf(statementsOf(functionCatalog.api.description));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']));
    for (const forbidden of ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:CreateBackup', 'events:PutEvents', 'sqs:SendMessage']) {
      expect(actions).not.toContain(forbidden);
    }
  });

  it('the outbox publisher may put events on the bus and read the stream, but not touch table items', () => {
    const statements = statementsOf(functionCatalog.outboxPublisher.description);
    const putEvents = statements.find((s) => s.Action === 'events:PutEvents');
    expect(putEvents.Resource['Fn::GetAtt'][0]).toMatch(/Bus/);
    const actions = actionsOf(statements);
    for (const forbidden of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan']) expect(actions).not.toContain(forbidden);
  });

  it('the token enricher may only write its logs and traces', () => {
    const actions = actionsOf(statementsOf(functionCatalog.tokenEnricher.description));
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('no function role carries an AWS managed policy', () => {
    for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      const isOurs = role.Properties.Description?.startsWith('Runs the ');
      if (isOurs) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});
