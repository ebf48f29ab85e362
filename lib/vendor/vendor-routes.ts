/**
 * One HTTP API route per entry of `vendorRoutes`, each to its catalog function. Routes of
 * the `admin` function carry the vendor staff's Cognito JWT authorizer; the installations'
 * and Stripe's routes carry none, because their callers prove themselves in the function
 * (an HMAC signature with the installation secret, or Stripe's signature on the raw body).
 * A route missing from the table does not exist in API Gateway.
 */
import { Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type VendorFunctionId, vendorFunctionCatalog, vendorRoutes } from '../../functions/vendor/catalog.js';

export interface VendorRoutesProps {
  readonly httpApi: HttpApi;
  readonly functions: Readonly<Record<VendorFunctionId, { readonly function: IFunction }>>;
  /** The vendor staff pool's issuer: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  readonly staffIssuerUrl: string;
  /** The console's app client id (Cognito access tokens carry it as `client_id`, which the authorizer checks). */
  readonly staffClientId: string;
}

/** Why a public route may answer callers without a token: who proves what, and where. */
const PUBLIC_ROUTE_REASONS: Partial<Record<VendorFunctionId, string>> = {
  installationApi:
    'Installations authenticate every request in the function by an HMAC-SHA256 signature over method, path, timestamp and body with their installation secret (registration: a single-use activation code); stale or replayed requests are refused.',
  stripeWebhook:
    "Stripe's webhook: the function verifies the Stripe-Signature header on the raw body with the endpoint's signing secret before parsing anything, and refuses old timestamps.",
};

export class VendorRoutes extends Construct {
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: VendorRoutesProps) {
    super(scope, id);
    this.authorizer = new HttpJwtAuthorizer('VendorStaff', props.staffIssuerUrl, { jwtAudience: [props.staffClientId] });
    const integrations = new Map<VendorFunctionId, HttpLambdaIntegration>();
    for (const route of vendorRoutes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        // One invoke permission per function, not one per route (a resource policy is limited to 20 KB).
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, props.functions[route.fn].function, { scopePermissionToRoute: false });
        integrations.set(route.fn, integration);
      }
      const trigger = vendorFunctionCatalog[route.fn].trigger;
      if (trigger.kind !== 'http-api') throw new Error(`Route ${route.method} ${route.path} goes to ${route.fn}, which the catalog does not trigger by HTTP.`);
      const created = new HttpRoute(this, routeId(route.method, route.path), {
        httpApi: props.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: trigger.auth === 'admin' ? this.authorizer : new HttpNoneAuthorizer(),
      });
      if (trigger.auth === 'public') {
        const reason = PUBLIC_ROUTE_REASONS[route.fn];
        if (!reason)
          throw new Error(
            `Route ${route.method} ${route.path} is public, but ${route.fn} has no reason in PUBLIC_ROUTE_REASONS: say how its callers prove who they are.`,
          );
        Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${reason} Route: ${route.method} ${route.path}.` });
      }
    }
  }
}

/** `GET /admin/flags/{key}` → `GetAdminFlagsKey`: a stable construct id per route. */
export function routeId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [method.charAt(0) + method.slice(1).toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}
