/**
 * The control plane's stack follows its declarations: one table shaped by
 * vendorTableDesign, one function per catalog entry granted exactly its declared access
 * (no secret in any environment), the route table with the staff authorizer on admin
 * routes only, the billing queue with its DLQ, the signing key behind a retained custom
 * resource, the console, nothing with a fixed monthly price, and cdk-nag clean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  VENDOR_SECRETS,
  type VendorFunctionDeclaration,
  type VendorFunctionId,
  vendorFunctionCatalog,
  vendorQueue,
  vendorRoutes,
} from '../../functions/vendor/catalog.js';
import { vendorConsoleConfigSchema } from '../../frontend/src/vendor/console-config.js';
import { webConfigSchema } from '../../functions/system/web-config.js';
import { vendorTableDesign } from '../../functions/vendor/table.js';
import { SIGNING_KEY_RESOURCE } from '../../lib/vendor/signing-key.js';
import { VENDOR_ADMINS_GROUP } from '../../lib/vendor/staff-identity.js';
import { type CfnJson, resourcesOfType } from './support/synth-app-stack.js';
import { synthVendorStack } from './support/synth-vendor-stack.js';

const { app, stack, template } = synthVendorStack();
const json = template.toJSON();
const catalog = Object.entries(vendorFunctionCatalog) as [VendorFunctionId, VendorFunctionDeclaration][];
const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const fnOf = (declaration: VendorFunctionDeclaration) => {
  const found = functions.find(([, f]) => f.Properties.Description === declaration.description);
  if (!found) throw new Error(`No function described "${declaration.description}".`);
  return found;
};
const statementsOf = (declaration: VendorFunctionDeclaration): CfnJson[] => {
  const [, fn] = fnOf(declaration);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: CfnJson) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
};
const [[tableId, table] = []] = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable');
const [[queueId, queue] = []] = resourcesOfType(template, 'AWS::SQS::Queue').filter(([id]) => id.startsWith('BillingQueue'));
const [[dlqId, dlq] = []] = resourcesOfType(template, 'AWS::SQS::Queue').filter(([id]) => id.startsWith('BillingDeadLetterQueue'));
const parameterArn = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:parameter/OwnstackVendor/${name}`]],
});

describe('the table', () => {
  it('follows vendorTableDesign: pk/sk, gsi1, TTL on ttl, on demand', () => {
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: vendorTableDesign.partitionKey, KeyType: 'HASH' },
      { AttributeName: vendorTableDesign.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('is recoverable, protected from deletion and retained with the stack', () => {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const [replica] = table.Properties.Replicas;
    expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(replica.DeletionProtectionEnabled).toBe(true);
  });
});

describe('the functions', () => {
  it('are one per catalog entry, plus only the custom resource framework and the console deployment', () => {
    const ours = functions.filter(([, f]) => catalog.some(([, d]) => d.description === f.Properties.Description));
    expect(ours).toHaveLength(catalog.length);
    expect(functions).toHaveLength(catalog.length + 2);
  });

  it.each(catalog)('%s runs on Node.js 24, arm64, traced, with its memory, timeout and own log group', (_name, declaration) => {
    const [, fn] = fnOf(declaration);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: declaration.memoryMb,
      Timeout: declaration.timeoutSeconds,
    });
    const logGroup = json.Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
    expect(logGroup.Properties.RetentionInDays).toBe(90);
  });

  it.each(catalog)('%s is told only the resources its access declares, and no secret', (_name, declaration) => {
    const variables: Record<string, CfnJson> = fnOf(declaration)[1].Properties.Environment.Variables;
    const { access } = declaration as { access: { table?: string; secrets?: readonly string[]; sendBilling?: boolean } };
    expect('VENDOR_TABLE_NAME' in variables).toBe(Boolean(access.table));
    expect('BILLING_QUEUE_URL' in variables).toBe(Boolean(access.sendBilling));
    expect('SECRETS_PREFIX' in variables).toBe(Boolean(access.secrets?.length));
    if (access.secrets?.length) expect(variables.SECRETS_PREFIX).toBe('/OwnstackVendor');
    const allowed = [
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'OWNSTACK_VERSION',
      'VENDOR_TABLE_NAME',
      'BILLING_QUEUE_URL',
      'SECRETS_PREFIX',
      'VENDOR_PUBLIC_URL',
    ];
    expect(Object.keys(variables).filter((name) => !allowed.includes(name))).toEqual([]);
    expect(JSON.stringify(variables)).not.toMatch(/sk_(live|test)_|whsec_|"d":/);
  });
});

describe('the grants', () => {
  const readActions = [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:GetItem',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:Query',
    'dynamodb:Scan',
  ];
  const writeActions = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
  const consumeActions = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

  it.each(catalog)('%s holds exactly its declared access', (name, declaration) => {
    const access = declaration.access as { table?: 'read' | 'read-write'; secrets?: readonly (keyof typeof VENDOR_SECRETS)[]; sendBilling?: boolean };
    const expected = new Set(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    if (access.table) for (const a of readActions) expected.add(a);
    if (access.table === 'read-write') for (const a of writeActions) expected.add(a);
    if (access.secrets?.length) expected.add('ssm:GetParameter');
    if (access.sendBilling) expected.add('sqs:SendMessage');
    if (declaration.trigger.kind === 'queue') for (const a of consumeActions) expected.add(a);
    if (name === 'signingKey') for (const a of ['ssm:GetParameter', 'ssm:PutParameter']) expected.add(a);
    const statements = statementsOf(declaration);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect([...new Set(statements.flatMap((s) => [s.Action].flat()))].sort()).toEqual([...expected].sort());
  });

  it.each(catalog)('%s reads only the SSM parameters its catalog entry lists', (name, declaration) => {
    const listed = [...((declaration.access as { secrets?: readonly (keyof typeof VENDOR_SECRETS)[] }).secrets ?? [])];
    if (name === 'signingKey') listed.push('signingKey');
    const ssm = statementsOf(declaration).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('ssm:')));
    const resources = ssm.flatMap((s) => [s.Resource].flat());
    expect(resources).toEqual(expect.arrayContaining(listed.map((secret) => parameterArn(VENDOR_SECRETS[secret]))));
    expect(resources).toHaveLength(listed.length);
  });

  it('lets only the signing-key function put a parameter, and only the signing key', () => {
    const putters = catalog.filter(([, d]) => statementsOf(d).some((s) => [s.Action].flat().includes('ssm:PutParameter')));
    expect(putters.map(([name]) => name)).toEqual(['signingKey']);
    const put = statementsOf(vendorFunctionCatalog.signingKey).find((s) => [s.Action].flat().includes('ssm:PutParameter'));
    expect(put.Resource).toEqual(parameterArn(VENDOR_SECRETS.signingKey));
  });

  it('grants the table and the billing queue by their own ARNs, and * only for X-Ray', () => {
    for (const [, declaration] of catalog) {
      for (const statement of statementsOf(declaration)) {
        const text = JSON.stringify(statement.Resource);
        if (text === '"*"') expect([statement.Action].flat().every((a: string) => a.startsWith('xray:'))).toBe(true);
        if ([statement.Action].flat().some((a: string) => a.startsWith('dynamodb:'))) expect(text).toContain(tableId);
        if ([statement.Action].flat().some((a: string) => a.startsWith('sqs:'))) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      }
    }
  });
});

describe('the billing queue', () => {
  it('is encrypted with SQS-managed keys, redrives to its DLQ after the catalog count, with 6x the worker timeout', () => {
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: vendorQueue.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: vendorQueue.maxReceiveCount },
    });
    expect(dlq.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: vendorQueue.dlqRetentionDays * 86_400 });
  });

  it.each([
    ['queue', () => queueId],
    ['DLQ', () => dlqId],
  ])('the %s refuses requests without TLS', (_label, id) => {
    const [, policy] = resourcesOfType(template, 'AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues.some((q: CfnJson) => q.Ref === id())) ?? [];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('feeds the billing worker in batches of the catalog size, with partial batch responses', () => {
    const [workerId] = fnOf(vendorFunctionCatalog.billingWorker);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: workerId },
      BatchSize: vendorFunctionCatalog.billingWorker.trigger.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});

describe('the HTTP API', () => {
  const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
  const [[authorizerId, authorizer] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');
  const integrations = new Map(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration'));

  it("has exactly the catalog's routes", () => {
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(vendorRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(vendorRoutes.map((r) => [`${r.method} ${r.path}`, r]))('%s goes to its function, behind the staff authorizer if admin', (key, route) => {
    const created = routes.find((r) => r.RouteKey === key);
    const trigger = vendorFunctionCatalog[route.fn].trigger as { auth: 'public' | 'admin' };
    if (trigger.auth === 'admin') {
      expect(created.AuthorizationType).toBe('JWT');
      expect(created.AuthorizerId).toEqual({ Ref: authorizerId });
    } else {
      expect(created.AuthorizationType).toBe('NONE');
    }
    const integrationId = created.Target['Fn::Join'][1][1].Ref;
    const [fnId] = fnOf(vendorFunctionCatalog[route.fn]);
    expect(integrations.get(integrationId).Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
  });

  it("trusts only the staff pool's issuer and the console's client", () => {
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [expect.stringMatching(/^StaffUserPool/), 'ProviderURL'] },
        Audience: [{ Ref: expect.stringMatching(/^StaffUserPoolConsoleClient/) }],
      },
    });
  });

  it('is throttled and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"routeKey"') },
    });
  });

  it('answers CORS preflights for the console only', () => {
    const [, api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^ConsoleDistribution/), 'DomainName'] }]] },
    ]);
    // The headers the console's requests carry (frontend/src/vendor/api/admin-request.ts) and the flags' If-Match.
    expect(api.Properties.CorsConfiguration.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match', 'x-correlation-id']));
  });
});

describe('the vendor staff pool', () => {
  it('has no self sign-up, requires TOTP MFA and runs without threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
  });

  it(`has the ${VENDOR_ADMINS_GROUP} group`, () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: VENDOR_ADMINS_GROUP });
  });
});

describe('the license signing key', () => {
  const [[resourceId, resource] = []] = resourcesOfType(template, SIGNING_KEY_RESOURCE.type);

  it('is created by the signing-key function, with the secrets prefix, and retained', () => {
    expect(resource.Properties.SecretsPrefix).toBe('/OwnstackVendor');
    expect(resource.DeletionPolicy).toBe('Retain');
    const framework = functions.find(([id]) => JSON.stringify(resource.Properties.ServiceToken).includes(id));
    const [signingKeyId] = fnOf(vendorFunctionCatalog.signingKey);
    expect(framework?.[1].Properties.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual({ 'Fn::GetAtt': [signingKeyId, 'Arn'] });
  });

  it('publishes only the public key, as the LicensePublicKeyJwk output', () => {
    expect(json.Outputs.LicensePublicKeyJwk.Value).toEqual({ 'Fn::GetAtt': [resourceId, SIGNING_KEY_RESOURCE.publicKeyAttribute] });
  });
});

describe('the outputs', () => {
  it.each(['ApiUrl', 'StripeWebhookUrl', 'ConsoleUrl', 'LicensePublicKeyJwk', 'SecretsPrefix'])('include %s', (name) => {
    expect(json.Outputs[name]?.Value).toBeDefined();
  });

  it('give the webhook URL on the API', () => {
    expect(JSON.stringify(json.Outputs.StripeWebhookUrl.Value)).toContain('/stripe/webhook');
  });
});

describe('the console', () => {
  it('is published with a config.json that the SPA schema accepts, naming the API and the staff pool', () => {
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
    expect(deployments).toHaveLength(2);
    const shell = deployments.find((d) => d.DistributionPaths);
    const index = shell.SourceMarkers.findIndex((markers: object) => Object.keys(markers).length > 0);
    const zip: string = shell.SourceObjectKeys[index];
    const written = readFileSync(join(app.outdir, `asset.${zip.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const markers: Record<string, CfnJson> = shell.SourceMarkers[index];
    const filled = written.replace(/<<marker:0xbaba:\d+>>/g, (marker) => (markers[marker]?.['Fn::GetAtt'] ? 'https://deploy-time.example' : 'x'));
    expect(webConfigSchema.parse(JSON.parse(filled))).toMatchObject({ environment: 'aws', auth: { scope: 'openid email profile' } });
    // What the console itself reads today (frontend/src/vendor/console-config.ts): no token in AWS, the API's URL.
    expect(vendorConsoleConfigSchema.parse(JSON.parse(filled))).toEqual({ apiBaseUrl: 'https://deploy-time.example', version: expect.any(String) });
    const raw = JSON.parse(written);
    const markerOf = (value: string) => markers[Object.keys(markers).find((m) => value.includes(m)) ?? 'none'];
    expect(markerOf(raw.apiBaseUrl)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] });
    expect(markerOf(raw.auth.authority)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StaffUserPool/), 'ProviderURL'] });
    expect(markerOf(raw.auth.clientId)).toEqual({ Ref: expect.stringMatching(/^StaffUserPoolConsoleClient/) });
  });

  it('is not published, with a warning, when there is no build', () => {
    const { stack: unbuilt } = synthVendorStack({ consoleAssetPath: '/nonexistent/vendor-console' });
    Annotations.fromStack(unbuilt).hasWarning('*', Match.stringLikeRegexp('No vendor console build'));
    expect(Object.values(unbuilt.node.findAll()).some((c) => c.node.id === 'ConsoleSite')).toBe(false);
  });
});

describe('the fixed monthly cost', () => {
  it.each(['AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::WAFv2::WebACL', 'AWS::SSM::Parameter', 'AWS::EC2::NatGateway', 'AWS::CloudWatch::Dashboard'])(
    'is not raised by any %s',
    (type) => {
      template.resourceCountIs(type, 0);
    },
  );

  it('has its one alarm (on the billing DLQ), topic and email only when AlarmEmail is set', () => {
    expect(json.Parameters.AlarmEmail.Default).toBe('');
    const [[alarmId, alarm] = []] = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    expect(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).toHaveLength(1);
    expect(alarm.Properties.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }]);
    const condition = json.Conditions[alarm.Condition];
    expect(condition).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }] });
    for (const type of ['AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::SNS::TopicPolicy']) {
      const resources = resourcesOfType(template, type);
      expect(resources.length, type).toBeGreaterThan(0);
      for (const [, resource] of resources) expect(resource.Condition, type).toBe(alarm.Condition);
    }
    expect(alarmId).toMatch(/^BillingDeadLetters/);
  });

  it('has no reserved or provisioned concurrency', () => {
    for (const [, fn] of functions) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::Version', 0);
  });
});

describe.each([
  ['AwsSolutions', new AwsSolutionsChecks()],
  ['Serverless', new ServerlessChecks()],
])('the %s pack', (_name, pack) => {
  const { violations } = pack.validateScope(stack);
  it('reports no unacknowledged finding', () => {
    expect(violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('the acknowledgments', () => {
  const acknowledgments = stack.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason }))),
    );

  it('exist, on resources and never on the whole stack', () => {
    expect(acknowledgments.length).toBeGreaterThan(10);
    expect(acknowledgments.filter((a) => a.path === Stack.of(stack).node.path)).toEqual([]);
  });

  it.each(acknowledgments.map((a) => [`${a.id} at ${a.path}`, a]))('%s gives a reason of several words', (_label, a) => {
    expect(a.reason.trim().split(/\s+/).length).toBeGreaterThanOrEqual(8);
  });
});
