/**
 * One https origin: the SPA from a private bucket through origin access control, /api/* to
 * the HTTP API uncached, security headers on every response, client-side routes served by
 * index.html without turning API errors into HTML, and a deploy-time config.json that
 * the SPA's own schema accepts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webConfigSchema } from '../../functions/system/web-config.js';
import { type CfnJson, resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { app, template } = synthAppStack();
// The site's bucket, not the data bucket (attachments and exports; test/infra/data-bucket.test.ts).
const [[bucketId, bucket] = []] = resourcesOfType(template, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('WebSite'));
const [[, distribution] = []] = resourcesOfType(template, 'AWS::CloudFront::Distribution');
const config = distribution.Properties.DistributionConfig;
const apiBehavior = config.CacheBehaviors.find((b: CfnJson) => b.PathPattern === '/api/*');
const [[headersPolicyId, headersPolicy] = []] = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy');
const security = headersPolicy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
const csp: string = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('the site bucket', () => {
  it('is kept when the stack is deleted, rather than emptied by another Lambda', () => {
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketName).toBeUndefined();
  });

  it('blocks every form of public access', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('is encrypted with S3-managed keys', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  });

  it('refuses requests without TLS and lets only this distribution read', () => {
    const [[, policy] = []] = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === bucketId);
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const read = statements.find((s: CfnJson) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read.Condition.StringEquals['AWS:SourceArn']).toBeDefined();
    expect(JSON.stringify(read.Resource)).toContain(bucketId);
  });
});

describe('the distribution', () => {
  it('reads the bucket through origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const s3Origin = config.Origins.find((o: CfnJson) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });

  it('redirects http to https and serves index.html at the root', () => {
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
  });

  it('forwards /api/* to the HTTP API over TLS, uncached, with every method and viewer header but Host', () => {
    const origin = config.Origins.find((o: CfnJson) => o.Id === apiBehavior.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('ApiEndpoint');
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(apiBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      ViewerProtocolPolicy: 'https-only',
    });
  });

  it('rewrites client-side routes to index.html on the SPA behavior only', () => {
    const association = config.DefaultCacheBehavior.FunctionAssociations[0];
    expect(association.EventType).toBe('viewer-request');
    expect(apiBehavior.FunctionAssociations).toBeUndefined();
  });

  it('has no error-to-index.html rule that would turn API errors into HTML', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('sends the security headers on the SPA and on the API', () => {
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headersPolicyId });
    expect(apiBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headersPolicyId });
  });
});

describe('the SPA routing function', () => {
  const [[, fn] = []] = resourcesOfType(template, 'AWS::CloudFront::Function');
  // CloudFront Functions JS 2.0 is plain JavaScript: run it here against sample requests.
  const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
  const route = (uri: string) => handler({ request: { uri } }).uri;

  it.each([['/'], ['/auth/callback'], ['/projects/123']])('serves index.html for %s', (uri) => {
    expect(route(uri)).toBe('/index.html');
  });

  it.each([['/config.json'], ['/assets/index-abc123.js'], ['/favicon.svg']])('leaves the file %s alone', (uri) => {
    expect(route(uri)).toBe(uri);
  });
});

describe('the security headers', () => {
  it('enforce HTTPS for two years (HSTS)', () => {
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
  });

  it('forbid framing and MIME sniffing, and limit the referrer', () => {
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
  });

  it('allow scripts and styles from the site only', () => {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('let the SPA reach the Cognito issuer and the hosted sign-in domain', () => {
    expect(csp).toContain("connect-src 'self' https://cognito-idp.");
    expect(csp).toContain('.amazoncognito.com');
  });
});

describe('the published site', () => {
  const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
  const shell = deployments.find((d) => d.DistributionId);

  it('invalidates CloudFront after publishing the shell', () => {
    expect(shell.DistributionPaths).toEqual(['/*']);
  });

  it('revalidates the shell on every load and caches hashed assets for a year', () => {
    expect(shell.SystemMetadata['cache-control']).toBe('no-cache');
    const hashed = deployments.find((d) => d.DestinationBucketKeyPrefix === 'assets/');
    expect(hashed.SystemMetadata['cache-control']).toContain('max-age=31536000');
    expect(hashed.Prune).toBe(false);
  });

  it('writes a config.json that the SPA accepts, pointing at this user pool and client', () => {
    const index = shell.SourceMarkers.findIndex((markers: object) => Object.keys(markers).length > 0);
    const zip: string = shell.SourceObjectKeys[index];
    const written = readFileSync(join(app.outdir, `asset.${zip.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const markers: Record<string, CfnJson> = shell.SourceMarkers[index];
    // Deploy-time values are markers here; give each a plausible value, then validate.
    const filled = written.replace(/<<marker:0xbaba:\d+>>/g, (marker) =>
      markers[marker]?.['Fn::GetAtt']?.[1] === 'ProviderURL' ? 'https://issuer.example' : 'x',
    );
    const parsed = webConfigSchema.parse(JSON.parse(filled));
    expect(parsed).toMatchObject({ apiBaseUrl: '', environment: 'aws', auth: { authority: 'https://issuer.example', scope: 'openid email profile' } });
    const markerOf = (value: string) => Object.keys(markers).find((m) => value.includes(m)) ?? 'none';
    const raw = JSON.parse(written);
    expect(markers[markerOf(raw.auth.clientId)]).toEqual({ Ref: expect.stringMatching(/WebClient/) });
    expect(raw.auth.signOutUrl).toMatch(/\/logout\?client_id=.+&logout_uri=https:\/\/.+\/$/);
  });
});

describe('the published site contents', () => {
  it('never includes the vendor console, which is built beside the SPA', () => {
    const outdir = app.synth().directory;
    const shells = readdirSync(outdir).filter((d) => d.startsWith('asset.') && existsSync(join(outdir, d, 'index.html')));
    expect(shells.length).toBeGreaterThan(0);
    for (const shell of shells) expect(existsSync(join(outdir, shell, 'vendor'))).toBe(false);
  });
});
