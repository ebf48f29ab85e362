/**
 * Publishes the SPA build to the site bucket with its deploy-time `config.json` (Cognito
 * values the build cannot know), then invalidates CloudFront. Hashed files under
 * `assets/` are cached for a year and never pruned (an open tab may still load an old
 * chunk); the shell (index.html, config.json) is revalidated on every load.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WebConfig } from '../../functions/system/web-config.js';
import { arnInFinding, assetBucketArnInFinding } from './nag-findings.js';

export interface SitePublicationProps {
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  /** Folder of the built SPA (must hold index.html). */
  readonly siteAssetPath: string;
  /** Written as /config.json; values may be deploy-time tokens. */
  readonly config: WebConfig;
  /** Days to keep the deployment handler's logs; may be a parameter token. @default 30 */
  readonly logRetentionDays?: number;
}

const HASHED_ASSETS = 'assets';

export class SitePublication extends Construct {
  constructor(scope: Construct, id: string, props: SitePublicationProps) {
    super(scope, id);
    if (!existsSync(join(props.siteAssetPath, 'index.html'))) {
      throw new Error(`No SPA build at ${props.siteAssetPath} (index.html is missing). Run \`npm run build:web\` first, or pass siteAssetPath.`);
    }
    const logGroup = new LogGroup(this, 'HandlerLogs', { retention: (props.logRetentionDays ?? 30) as RetentionDays });
    const common = { destinationBucket: props.bucket, logGroup, memoryLimit: 256 };

    // Hashed chunks first: the shell that references them must not be live before they are.
    // (Created first also because the deployments share one handler, built with the first.)
    const hashedPath = join(props.siteAssetPath, HASHED_ASSETS);
    const hashed = existsSync(hashedPath)
      ? new BucketDeployment(this, 'HashedAssets', {
          ...common,
          sources: [Source.asset(hashedPath)],
          destinationKeyPrefix: `${HASHED_ASSETS}/`,
          prune: false,
          cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
        })
      : undefined;

    const shell = new BucketDeployment(this, 'Shell', {
      ...common,
      // `vendor/` is the vendor's console (a build of its own, hosted by the VendorStack): never shipped to a customer.
      sources: [Source.asset(props.siteAssetPath, { exclude: [`${HASHED_ASSETS}/**`, 'vendor'] }), Source.jsonData('config.json', props.config)],
      // Not pruned by this deployment: the hashed files belong to the one above.
      exclude: [`${HASHED_ASSETS}/*`],
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/*'],
    });
    if (hashed) shell.node.addDependency(hashed);

    acknowledgeDeploymentHandler(shell, props.bucket);
  }
}

/**
 * The deployments run one handler that aws-cdk-lib provides and builds at stack scope (its
 * runtime, role and policy are not ours to set). It runs only during deployments, invoked
 * by CloudFormation, and touches the site bucket, the CDK asset bucket and invalidations.
 */
function acknowledgeDeploymentHandler(deployment: BucketDeployment, siteBucket: IBucket): void {
  const handler = deployment.handlerRole.node.scope;
  if (!handler) throw new Error('The BucketDeployment handler role has no parent function; aws-cdk-lib changed how it builds the handler.');
  const cdkProvided = 'CDK-provided BucketDeployment handler (aws-cdk-lib builds its role),';
  const site = arnInFinding(siteBucket);
  const assets = assetBucketArnInFinding(handler);
  const findings: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': `${cdkProvided} which logs through the basic execution role.`,
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': `${cdkProvided} reading the CDK asset bucket and syncing the site bucket only.`,
    'AwsSolutions-IAM5[Action::s3:GetObject*]': `${cdkProvided} reading the CDK asset bucket and syncing the site bucket only.`,
    'AwsSolutions-IAM5[Action::s3:List*]': `${cdkProvided} listing the site bucket to sync and prune it.`,
    'AwsSolutions-IAM5[Action::s3:Abort*]': `${cdkProvided} aborting its own multipart uploads to the site bucket.`,
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': `${cdkProvided} pruning files of an older build from the site bucket.`,
    [`AwsSolutions-IAM5[Resource::${assets}/*]`]: `${cdkProvided} reading the zipped build from the CDK asset bucket.`,
    [`AwsSolutions-IAM5[Resource::${site}/*]`]: `${cdkProvided} writing the build to the site bucket, whose only content it is.`,
    'AwsSolutions-IAM5[Resource::*]': `${cdkProvided} creating CloudFront invalidations, granted on * by aws-cdk-lib.`,
    'AwsSolutions-L1': `${cdkProvided} whose Python runtime aws-cdk-lib chooses and updates.`,
    'Serverless-LambdaLatestVersion': `${cdkProvided} whose Python runtime aws-cdk-lib chooses and updates.`,
    'Serverless-LambdaDLQ': `${cdkProvided} invoked synchronously by CloudFormation, which reports its failures on the stack.`,
    'Serverless-LambdaTracing': `${cdkProvided} which runs only during deployments; its logs go to a log group with retention.`,
  };
  Validations.of(handler).acknowledge(...Object.entries(findings).map(([id, reason]) => ({ id, reason })));
}
