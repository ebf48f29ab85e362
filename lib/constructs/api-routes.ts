/**
 * One HTTP API route per declaration of the route table (functions/routes.ts), all to the
 * API function, for either of the two APIs built from that table: the session API, whose
 * private routes carry the Cognito JWT authorizer, and the integration API, whose routes
 * carry none because the function itself verifies the API key. Routes declared `public`
 * never have an authorizer. A route missing from the table does not exist in API Gateway,
 * so nothing reaches the function that the table did not name.
 */
import { Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { isPublic, type RouteDeclaration } from '../../functions/platform/route.js';

/** How the private routes of an API authenticate their callers. */
export type PrivateRouteAuthentication =
  /** API Gateway verifies a Cognito access token before the function runs. */
  | {
      readonly kind: 'cognito-jwt';
      /** The token issuer, e.g. `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
      readonly issuerUrl: string;
      /** Accepted app client ids (Cognito access tokens carry `client_id`, which the authorizer checks). */
      readonly audience: string[];
    }
  /**
   * No authorizer: the function authenticates `Authorization: Bearer osk_...` itself
   * (functions/identity/caller.ts). It trusts JWT claims only from an authorizer, so a
   * session token sent here is refused, never read unverified.
   */
  | { readonly kind: 'api-key-in-function' };

export interface ApiRoutesProps {
  readonly httpApi: HttpApi;
  /** The API function: one modular monolith serving every route. */
  readonly handler: IFunction;
  readonly routes: readonly RouteDeclaration[];
  readonly authentication: PrivateRouteAuthentication;
}

const API_KEY_REASON =
  'Integration API: the API function authenticates each request by API key (Authorization: Bearer osk_..., looked up by key id and SHA-256 hash, revocation, expiry and an active creator checked) before any use case runs; anything else gets 401.';

export class ApiRoutes extends Construct {
  /** The JWT authorizer, for the `cognito-jwt` kind only. */
  readonly authorizer?: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id);
    const { authentication } = props;
    if (authentication.kind === 'cognito-jwt') {
      this.authorizer = new HttpJwtAuthorizer('Cognito', authentication.issuerUrl, { jwtAudience: authentication.audience });
    }
    // One invoke permission per API, not one per route: a Lambda resource policy is
    // limited to 20 KB, which a growing route table would exceed.
    const integration = new HttpLambdaIntegration('ApiFunction', props.handler, { scopePermissionToRoute: false });

    for (const route of props.routes) {
      const created = new HttpRoute(this, route.operationId, {
        httpApi: props.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: this.authorizerFor(route),
      });
      if (isPublic(route)) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `Declared public in the route table: ${route.operationId} (${route.summary}) answers callers without a token.`,
        });
      } else if (authentication.kind === 'api-key-in-function') {
        Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${API_KEY_REASON} Route: ${route.operationId}.` });
      }
    }
  }

  private authorizerFor(route: RouteDeclaration): IHttpRouteAuthorizer {
    return !isPublic(route) && this.authorizer ? this.authorizer : new HttpNoneAuthorizer();
  }
}
