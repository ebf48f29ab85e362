/**
 * An HTTP API and its one stage: throttled, with JSON access logs. Routes are added by
 * `ApiRoutes` from the route table. No CORS: the SPA reaches the session API on its own
 * origin, through CloudFront's `/api/*` behavior; the integration API serves programs.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface HttpApiGatewayProps {
  /** The API's name after the stack name, e.g. `api` → `OwnstackApp-api`. @default 'api' */
  readonly nameSuffix?: string;
  /** Shown in the API Gateway console. @default 'Ownstack API: every route of the route table' */
  readonly description?: string;
  /** Steady-state requests per second across the stage; may be a parameter token. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the rate; may be a parameter token. */
  readonly burstLimit: number;
  /** Days to keep access logs; may be a parameter token. @default 30 */
  readonly logRetentionDays?: number;
}

/** One JSON object per request: who, what, how it went, how long it took. No bodies, no tokens. */
const ACCESS_LOG_FIELDS = {
  requestId: AccessLogField.contextRequestId(),
  ip: AccessLogField.contextIdentitySourceIp(),
  requestTime: AccessLogField.contextRequestTime(),
  routeKey: AccessLogField.contextRouteKey(),
  status: AccessLogField.contextStatus(),
  protocol: AccessLogField.contextProtocol(),
  responseLength: AccessLogField.contextResponseLength(),
  latency: AccessLogField.contextResponseLatency(),
  integrationLatency: AccessLogField.contextIntegrationLatency(),
  integrationError: AccessLogField.contextIntegrationErrorMessage(),
  authorizerError: AccessLogField.contextAuthorizerError(),
  userAgent: AccessLogField.contextIdentityUserAgent(),
  sub: AccessLogField.contextAuthorizerClaims('sub'),
};

export class HttpApiGateway extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiGatewayProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      // API names need not be unique; the stack's name tells installations apart in the console.
      apiName: `${Aws.STACK_NAME}-${props.nameSuffix ?? 'api'}`,
      description: props.description ?? 'Ownstack API: every route of the route table',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: (props.logRetentionDays ?? 30) as RetentionDays });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The API's host name (`{id}.execute-api.{region}.amazonaws.com`), for CloudFront's origin. */
  get domainName(): string {
    return Fn.select(2, Fn.split('/', this.api.apiEndpoint));
  }

  /** The API's base URL on its own endpoint (not through CloudFront). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
