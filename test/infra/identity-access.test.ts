/**
 * Identity and access management in the stack: the API function alone may call the six
 * Cognito admin operations, on this pool only; API keys reach the same function through
 * an integration API built from the same route table without an authorizer, throttled
 * and logged; enterprise sign-in (SAML or OIDC) exists only when chosen; the MFA
 * parameters reach the functions that act on them.
 */
import { Validations } from 'aws-cdk-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { isPublic, routeKeyOf } from '../../functions/platform/route.js';
import { routes } from '../../functions/routes.js';
import { type CfnJson, httpApiNamed, resourcesOfType, statementsOfFunction, synthAppStack } from './support/synth-app-stack.js';

const { stack, template } = synthAppStack();
const json = template.toJSON();
const [[poolId, pool] = []] = resourcesOfType(template, 'AWS::Cognito::UserPool');
const [[, client] = []] = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
const cognitoActionsOf = (description: string) =>
  statementsOfFunction(template, description).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));

const USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminUserGlobalSignOut',
];

describe('managing users in Cognito', () => {
  it('the API function may call exactly the six admin operations, on this user pool only', () => {
    const statements = cognitoActionsOf(functionCatalog.api.description);
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(USER_ADMIN_ACTIONS);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
    }
  });

  it('the API function is told which pool (USER_POOL_ID)', () => {
    const [, api] = resourcesOfType(template, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.Description === functionCatalog.api.description) ?? [];
    expect(api.Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: poolId });
  });

  it.each([
    ['jobWorker', functionCatalog.jobWorker.description],
    ['outboxPublisher', functionCatalog.outboxPublisher.description],
    ['tokenEnricher', functionCatalog.tokenEnricher.description],
  ])('%s may call no Cognito operation at all', (_name, description) => {
    expect(cognitoActionsOf(description)).toEqual([]);
  });
});

describe('the integration API (API keys)', () => {
  const { apiId, belongs } = httpApiNamed(template, 'integration-api');
  const integrationRoutes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')
    .filter(belongs)
    .map(([, route]) => route.Properties);
  const [[, stage] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage').filter(belongs);
  const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').filter(belongs);
  const [apiFunctionId] =
    resourcesOfType(template, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.Description === functionCatalog.api.description) ?? [];

  it('has exactly the routes of the route table', () => {
    expect(integrationRoutes.map((route) => route.RouteKey).sort()).toEqual(routes.map(routeKeyOf).sort());
  });

  it('has no authorizer on any route: the function verifies the API key', () => {
    for (const route of integrationRoutes) {
      expect(route.AuthorizationType, route.RouteKey).toBe('NONE');
      expect(route.AuthorizerId, route.RouteKey).toBeUndefined();
    }
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer').filter(belongs)).toEqual([]);
  });

  it('sends every route to the same API function as the session API, with the v2 payload', () => {
    expect(integrations).toHaveLength(1);
    const [[integrationId, integration] = []] = integrations;
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [apiFunctionId, 'Arn'] });
    for (const route of integrationRoutes) expect(JSON.stringify(route.Target)).toContain(integrationId);
  });

  it('may invoke the API function, through one permission scoped to this API', () => {
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.SourceArn).includes(`"Ref":"${apiId}"`),
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.[1].Properties.FunctionName).toEqual({ 'Fn::GetAtt': [apiFunctionId, 'Arn'] });
  });

  it('is throttled by its own parameters', () => {
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: { Ref: 'IntegrationApiRateLimit' },
      ThrottlingBurstLimit: { Ref: 'IntegrationApiBurstLimit' },
    });
  });

  it('writes JSON access logs to its own log group, kept for LogRetentionDays', () => {
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(json.Resources[logGroupId].Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
  });

  it('has no CORS configuration: programs call it, not browsers', () => {
    expect(json.Resources[apiId].Properties.CorsConfiguration).toBeUndefined();
  });

  it('is named after the stack and published as the IntegrationApiUrl output', () => {
    expect(json.Outputs.IntegrationApiUrl).toEqual({
      Description: 'Send API-key requests here: Authorization: Bearer osk_...',
      Value: { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] },
    });
  });

  it.each(routes.filter((route) => !isPublic(route)).map((route) => [route.operationId]))(
    '%s acknowledges AwsSolutions-APIG4 beside the route, for the API key check in the function',
    (operationId) => {
      const route = stack.node.findChild('IntegrationRoutes').node.findChild(operationId);
      // Recorded as `<kind>::<rule id>` → reason.
      const acknowledged = route.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .filter(([rule]) => rule.endsWith('AwsSolutions-APIG4'))
        .map(([, reason]) => reason);
      expect(acknowledged).toEqual([expect.stringMatching(/authenticates each request by API key .* before any use case runs/)]);
    },
  );
});

describe('enterprise sign-in', () => {
  const providers = resourcesOfType(template, 'AWS::Cognito::UserPoolIdentityProvider');
  const provider = (type: string) => providers.find(([, p]) => p.Properties.ProviderType === type) ?? [];

  it.each([['SAML'], ['OIDC']])('creates the %s provider only when IdentityProviderType chooses it', (type) => {
    const [id, resource] = provider(type);
    expect(id).toBeDefined();
    expect(json.Conditions[resource.Condition]).toEqual({ 'Fn::Equals': [{ Ref: 'IdentityProviderType' }, type] });
    expect(resource.Properties.UserPoolId).toEqual({ Ref: poolId });
  });

  it('has no provider outside those conditions, so NONE creates nothing', () => {
    expect(providers).toHaveLength(2);
    for (const [, resource] of providers) expect(resource.Condition).toBeDefined();
  });

  it.each([['SAML'], ['OIDC']])('maps email, name and the groups attribute into the %s user', (type) => {
    const [, resource] = provider(type);
    expect(resource.Properties.AttributeMapping).toEqual({ email: 'email', name: 'name', 'custom:idp_groups': { Ref: 'IdpGroupsAttribute' } });
  });

  it('reads SAML metadata from the SamlMetadataUrl parameter', () => {
    const [, saml] = provider('SAML');
    expect(saml.Properties.ProviderDetails).toEqual({ MetadataURL: { Ref: 'SamlMetadataUrl' } });
  });

  it('configures OIDC from its parameters, the secret only by reference to a NoEcho parameter', () => {
    const [, oidc] = provider('OIDC');
    expect(oidc.Properties.ProviderDetails).toEqual({
      oidc_issuer: { Ref: 'OidcIssuerUrl' },
      client_id: { Ref: 'OidcClientId' },
      client_secret: { Ref: 'OidcClientSecret' },
      authorize_scopes: 'openid email profile',
      attributes_request_method: 'GET',
    });
    expect(json.Parameters.OidcClientSecret.NoEcho).toBe(true);
  });

  it("offers the provider on the web client's hosted UI only when it exists (Fn::If)", () => {
    const [samlId, saml] = provider('SAML');
    const [oidcId, oidc] = provider('OIDC');
    expect(client.Properties.SupportedIdentityProviders).toEqual({
      'Fn::If': [saml.Condition, ['COGNITO', { Ref: samlId }], { 'Fn::If': [oidc.Condition, ['COGNITO', { Ref: oidcId }], ['COGNITO']] }],
    });
  });

  it('lets the SPA use it unchanged: the hosted UI, code grant and callback serve every provider', () => {
    expect(client.Properties).toMatchObject({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'] });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('lets Cognito write the mapped attributes through the client, which users cannot use to write them', () => {
    expect([...client.Properties.WriteAttributes].sort()).toEqual(['custom:idp_groups', 'email', 'name']);
    expect(client.Properties.AllowedOAuthScopes).not.toContain('aws.cognito.signin.user.admin');
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('refuses an incomplete choice before any change (CloudFormation rules)', () => {
    const assertedParameters = (rule: string) => json.Rules[rule].Assertions.map((a: CfnJson) => a.Assert['Fn::Not'][0]['Fn::Equals'][0].Ref);
    expect(json.Rules.SamlNeedsMetadata.RuleCondition).toEqual({ 'Fn::Equals': [{ Ref: 'IdentityProviderType' }, 'SAML'] });
    expect(assertedParameters('SamlNeedsMetadata')).toEqual(['SamlMetadataUrl']);
    expect(json.Rules.OidcNeedsClient.RuleCondition).toEqual({ 'Fn::Equals': [{ Ref: 'IdentityProviderType' }, 'OIDC'] });
    expect(assertedParameters('OidcNeedsClient')).toEqual(['OidcIssuerUrl', 'OidcClientId', 'OidcClientSecret']);
  });

  it('publishes what the IdP administrator registers: SAML reply URL and entity id, OIDC redirect URL', () => {
    expect(JSON.stringify(json.Outputs.SamlAcsUrl.Value)).toContain('/saml2/idpresponse');
    expect(JSON.stringify(json.Outputs.OidcRedirectUrl.Value)).toContain('/oauth2/idpresponse');
    expect(json.Outputs.SamlEntityId.Value).toEqual({ 'Fn::Join': ['', ['urn:amazon:cognito:sp:', { Ref: poolId }]] });
  });
});

describe('the custom:idp_groups attribute', () => {
  it('is in the user pool unconditionally: a String, mutable, up to 2048 characters', () => {
    expect(pool.Condition).toBeUndefined();
    expect(pool.Properties.Schema).toContainEqual({
      Name: 'idp_groups',
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MaxLength: '2048' },
    });
  });
});

describe('the identity parameters', () => {
  const parameter = (name: string) => json.Parameters[name];
  const accepts = (name: string, value: string) => new RegExp(parameter(name).AllowedPattern).test(value);

  it.each([
    ['IdentityProviderType', ['NONE', 'SAML', 'OIDC'], 'NONE'],
    ['RequireMfaForAdmin', ['true', 'false'], 'false'],
    ['MfaPolicy', ['OFF', 'OPTIONAL', 'REQUIRED'], 'OPTIONAL'],
  ])('%s allows %j, default %s', (name, allowed, byDefault) => {
    expect(parameter(name).AllowedValues).toEqual(allowed);
    expect(parameter(name).Default).toBe(byDefault);
  });

  it.each([['SamlMetadataUrl'], ['OidcIssuerUrl'], ['OidcClientId'], ['OidcClientSecret'], ['IdpGroupRoleMapping']])(
    '%s is empty by default, so federation stays off',
    (name) => {
      expect(parameter(name).Default).toBe('');
    },
  );

  it('IdpGroupsAttribute defaults to groups', () => {
    expect(parameter('IdpGroupsAttribute').Default).toBe('groups');
  });

  it.each([['https://idp.example.com/app/123/sso/saml/metadata'], ['']])('the IdP URLs accept "%s"', (value) => {
    expect(accepts('SamlMetadataUrl', value)).toBe(true);
    expect(accepts('OidcIssuerUrl', value)).toBe(true);
  });

  it.each([['http://idp.example.com/metadata'], ['idp.example.com'], ['https://idp.example.com/a b']])('the IdP URLs refuse "%s"', (value) => {
    expect(accepts('SamlMetadataUrl', value)).toBe(false);
    expect(accepts('OidcIssuerUrl', value)).toBe(false);
  });

  it.each([[''], ['ownstack-admins=admin'], ['ownstack-admins=admin,staff=member,auditors=viewer,founders=owner']])(
    'IdpGroupRoleMapping accepts "%s"',
    (value) => {
      expect(accepts('IdpGroupRoleMapping', value)).toBe(true);
    },
  );

  it.each([['admins=superuser'], ['ownstack admins=admin'], ['admins=admin,'], ['admins'], ['a=admin;b=member']])(
    'IdpGroupRoleMapping refuses "%s"',
    (value) => {
      expect(accepts('IdpGroupRoleMapping', value)).toBe(false);
    },
  );

  it('are grouped for the console under "Enterprise sign-in" and "Users"', () => {
    const groups: CfnJson[] = json.Metadata['AWS::CloudFormation::Interface'].ParameterGroups;
    const group = (label: string) => groups.find((g) => g.Label.default === label)?.Parameters;
    expect(group('Enterprise sign-in')).toEqual([
      'IdentityProviderType',
      'SamlMetadataUrl',
      'OidcIssuerUrl',
      'OidcClientId',
      'OidcClientSecret',
      'IdpGroupsAttribute',
      'IdpGroupRoleMapping',
    ]);
    expect(group('Users')).toEqual(['InitialOwnerEmail', 'MfaPolicy', 'RequireMfaForAdmin']);
  });

  it('refuses RequireMfaForAdmin true unless MfaPolicy is REQUIRED (no session could count as MFA)', () => {
    expect(json.Rules.AdminMfaNeedsRequiredMfa).toMatchObject({
      RuleCondition: { 'Fn::Equals': [{ Ref: 'RequireMfaForAdmin' }, 'true'] },
      Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'MfaPolicy' }, 'REQUIRED'] } }],
    });
  });
});

// The stack passes MfaPolicy to the token enricher as MFA_POLICY (functions.test.ts); this is
// what the enricher makes of it, and what the API reads back from the verified claims.
describe('the MFA claim the stack relies on', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function claimsFor(mfaPolicy: string, userAttributes: Record<string, string>): Promise<Record<string, unknown>> {
    vi.stubEnv('MFA_POLICY', mfaPolicy);
    vi.resetModules();
    const { handler } = await import('../../functions/handlers/token-enricher.js');
    const event = { request: { userAttributes }, response: {} } as unknown as Parameters<typeof handler>[0];
    const result = await handler(event);
    return result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride ?? {};
  }
  const native = { email: 'ana@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' };
  const federated = { email: 'bo@example.com', identities: '[{"providerName":"SSO"}]', 'cognito:user_status': 'EXTERNAL_PROVIDER' };

  it('marks native sign-ins as MFA when the pool requires it', async () => {
    expect(await claimsFor('REQUIRED', native)).toMatchObject({ mfa: 'true' });
  });

  it('never marks federated sign-ins: their IdP’s MFA is invisible to Cognito', async () => {
    expect(await claimsFor('REQUIRED', federated)).not.toHaveProperty('mfa');
  });

  it.each([['OPTIONAL'], ['OFF']])('marks nothing with MfaPolicy %s, where Cognito does not say which sign-ins used TOTP', async (policy) => {
    expect(await claimsFor(policy, native)).not.toHaveProperty('mfa');
  });

  it('is read by the API as a session with MFA, as API Gateway passes it (a string)', async () => {
    const { mfaFrom, verifiedClaimsSchema } = await import('../../functions/platform/principal.js');
    expect(mfaFrom(verifiedClaimsSchema.parse({ sub: 'user-1', mfa: 'true' }))).toBe(true);
    expect(mfaFrom(verifiedClaimsSchema.parse({ sub: 'user-1' }))).toBe(false);
  });
});
