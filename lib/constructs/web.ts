/**
 * The installation's one https origin: CloudFront serves the SPA from a private bucket
 * (origin access control) and forwards `/api/*` to the HTTP API, uncached. Every response
 * carries the security headers. Client-side routes are rewritten to /index.html by a
 * viewer-request function on the SPA behavior only, so an API 404 stays an API 404.
 */
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { installationScopedName } from './installation-names.js';

export interface WebDistributionProps {
  /** The HTTP API's host name, origin of the `/api/*` behavior. @default no `/api/*` behavior (a SPA that calls its API cross-origin) */
  readonly apiDomainName?: string;
  /** Origins the SPA talks to besides its own: the OIDC issuer and the hosted sign-in UI. */
  readonly identityOrigins: readonly string[];
  /** Edge locations to serve from. @default PriceClass.PRICE_CLASS_100 (North America, Europe: the cheapest) */
  readonly priceClass?: PriceClass;
}

/** Rewrites paths without a file extension (client-side routes such as /auth/callback) to the SPA shell. */
const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** A React SPA that loads its own scripts and styles and talks to its own origin and the IdP. */
export function contentSecurityPolicy(identityOrigins: readonly string[]): string {
  const others = identityOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${others}`,
    `form-action 'self' ${others}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

export class WebDistribution extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    // The SPA build is public by nature and redeployed from the release: not data, so no
    // versioning; kept on stack deletion (see docs/deployment.md) rather than emptied by a Lambda.
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the public SPA build, read only by CloudFront through OAC; access logs would need a second bucket and record nothing but CloudFront fetches.',
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: installationScopedName('security-headers'),
      comment: 'Ownstack security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.identityOrigins), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    const spaRouting = new CloudFrontFunction(this, 'SpaRouting', {
      functionName: installationScopedName('spa-routing'),
      comment: 'Serves index.html for client-side routes',
      code: FunctionCode.fromInline(SPA_ROUTING_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Ownstack (${Aws.STACK_NAME})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessControl: new S3OriginAccessControl(this, 'OriginAccessControl', { originAccessControlName: installationScopedName('site') }),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });

    if (props.apiDomainName !== undefined) {
      this.distribution.addBehavior(
        '/api/*',
        new HttpOrigin(props.apiDomainName, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        }),
        {
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Uncached, so the Authorization header may be forwarded; the Host header is
          // not, because API Gateway answers only to its own host name.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      );
    }

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Who may use an installation is decided by its Cognito users, not by country; a customer may add geo restrictions.',
      },
      { id: 'AwsSolutions-CFR2', reason: 'AWS WAF has a fixed monthly price per web ACL; off by default and documented as an opt-in.' },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'Standard logs need a log bucket with ACLs; API requests are logged by the API stage. Documented as an opt-in.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Served on the default *.cloudfront.net certificate, whose TLS policy cannot be set; a custom domain with TLSv1.2_2021 is documented.',
      },
    );
  }

  /** The installation's https URL, e.g. `https://d111111abcdef8.cloudfront.net`. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
