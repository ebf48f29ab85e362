/**
 * The session HTTP API follows the route table: every declared route exists with the JWT
 * authorizer unless declared public, and no route exists that the table does not name.
 * The stage is throttled and writes JSON access logs. (The integration API, built from the
 * same table without an authorizer, is checked in identity-access.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { isPublic, routeKeyOf } from '../../functions/platform/route.js';
import { routes } from '../../functions/routes.js';
import { httpApiNamed, resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { stack, template } = synthAppStack();
const { apiId: sessionApiId, belongs: ofSessionApi } = httpApiNamed(template, 'api');
const apiRoutes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')
  .filter(ofSessionApi)
  .map(([, route]) => route.Properties);
const [[authorizerId, authorizer] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');
const [[, stage] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage').filter(ofSessionApi);

describe('the HTTP API routes', () => {
  it('are exactly the routes of the route table', () => {
    expect(apiRoutes.map((route) => route.RouteKey).sort()).toEqual(routes.map(routeKeyOf).sort());
  });

  it.each(routes.filter((route) => !isPublic(route)).map((route) => [routeKeyOf(route)]))('%s requires a valid Cognito JWT', (routeKey) => {
    const route = apiRoutes.find((r) => r.RouteKey === routeKey);
    expect(route?.AuthorizationType).toBe('JWT');
    expect(route?.AuthorizerId).toEqual({ Ref: authorizerId });
  });

  it.each(routes.filter(isPublic).map((route) => [routeKeyOf(route)]))('%s is public, as declared', (routeKey) => {
    const route = apiRoutes.find((r) => r.RouteKey === routeKey);
    expect(route?.AuthorizationType).toBe('NONE');
    expect(route?.AuthorizerId).toBeUndefined();
  });

  it('are the only authorizer of the template: the integration API has none', () => {
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer')).toHaveLength(1);
    expect(authorizer.Properties.ApiId).toEqual({ Ref: sessionApiId });
  });

  it('all go to the API function with the v2 payload', () => {
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').filter(ofSessionApi);
    expect(integrations).toHaveLength(1);
    const [[integrationId, integration] = []] = integrations;
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    for (const route of apiRoutes) expect(JSON.stringify(route.Target)).toContain(integrationId);
  });
});

describe('the JWT authorizer', () => {
  it("trusts only the user pool's issuer and the web client", () => {
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [expect.stringMatching(/UserPool/), 'ProviderURL'] },
        Audience: [{ Ref: expect.stringMatching(/WebClient/) }],
      },
    });
  });
});

describe('the API stage', () => {
  it('is the auto-deployed $default stage', () => {
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
  });

  it('is throttled by the ApiRateLimit and ApiBurstLimit parameters', () => {
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: { Ref: 'ApiRateLimit' },
      ThrottlingBurstLimit: { Ref: 'ApiBurstLimit' },
    });
  });

  it('writes one JSON access log line per request with id, ip, route, status and latency', () => {
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
  });

  it('logs to a log group kept for LogRetentionDays', () => {
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
  });

  it('has no CORS configuration: the SPA calls it on its own origin', () => {
    expect(template.toJSON().Resources[sessionApiId].Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('the session API construct ids', () => {
  it('stay Api and Routes/<operationId>, so an update of an installation replaces none of its routes', () => {
    expect(stack.node.tryFindChild('Api')?.node.tryFindChild('Api')).toBeDefined();
    const routeIds = stack.node
      .findChild('Routes')
      .node.children.map((child) => child.node.id)
      .filter((id) => routes.some((route) => route.operationId === id));
    expect(routeIds.sort()).toEqual(routes.map((route) => route.operationId).sort());
  });
});
