/**
 * One HTTP API route per declaration of the route table (functions/routes.ts), all to the
 * API function. Private routes carry the Cognito JWT authorizer; only routes declared
 * `public` have none. A route missing from the table does not exist in API Gateway, so
 * nothing reaches the function that the table did not name.
 */
import { Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { isPublic, type RouteDeclaration } from '../../functions/platform/route.js';

export interface ApiRoutesProps {
  readonly httpApi: HttpApi;
  /** The API function: one modular monolith serving every route. */
  readonly handler: IFunction;
  readonly routes: readonly RouteDeclaration[];
  /** The token issuer, e.g. `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  readonly issuerUrl: string;
  /** Accepted app client ids (Cognito access tokens carry `client_id`, which the authorizer checks). */
  readonly audience: string[];
}

export class ApiRoutes extends Construct {
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id);
    this.authorizer = new HttpJwtAuthorizer('Cognito', props.issuerUrl, { jwtAudience: props.audience });
    // One invoke permission for the whole API, not one per route: a Lambda resource
    // policy is limited to 20 KB, which a growing route table would exceed.
    const integration = new HttpLambdaIntegration('ApiFunction', props.handler, { scopePermissionToRoute: false });

    for (const route of props.routes) {
      const created = new HttpRoute(this, route.operationId, {
        httpApi: props.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: isPublic(route) ? new HttpNoneAuthorizer() : this.authorizer,
      });
      if (isPublic(route)) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `Declared public in the route table: ${route.operationId} (${route.summary}) answers callers without a token.`,
        });
      }
    }
  }
}
