/**
 * The control plane: what the vendor deploys once, in the vendor's own account. Composes
 * one construct per concern from the declarations in functions/vendor/ (function catalog,
 * billing queue, route table, table design), so the stack follows the code it runs.
 * Nothing here has a fixed monthly price by default: secrets are SSM SecureStrings
 * (standard tier, AWS-managed key), no KMS key, no Secrets Manager, no WAF; the one alarm
 * (on the billing DLQ) exists only if the AlarmEmail parameter is set.
 */
import { Annotations, Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { vendorFunctionCatalog, vendorQueue } from '../functions/vendor/catalog.js';
import { HttpApiGateway } from './constructs/http-api.js';
import { JobQueue } from './constructs/job-queue.js';
import { SitePublication } from './constructs/site-publication.js';
import { WebDistribution } from './constructs/web.js';
import { productVersion, repositoryRoot } from './repository.js';
import { DeadLetterAlarm } from './vendor/dead-letter-alarm.js';
import { LicenseSigningKey } from './vendor/signing-key.js';
import { StaffIdentity, staffHostedUiOrigin } from './vendor/staff-identity.js';
import { assertSecretsPrefix, VendorFunctions } from './vendor/vendor-functions.js';
import { VendorRoutes } from './vendor/vendor-routes.js';
import { VendorTable } from './vendor/vendor-table.js';

/** Where the console's build goes (`frontend/vendor`, built beside the SPA by `npm run build:web`). */
export const defaultConsoleAssetPath = resolve(repositoryRoot, 'frontend/dist/vendor');

/** The path Stripe posts events to: the webhook endpoint to register in the Stripe dashboard. */
export const STRIPE_WEBHOOK_PATH = '/stripe/webhook';

export interface VendorStackProps extends StackProps {
  /** SSM path prefix of the secrets (`<prefix>/stripe-api-key`, …). @default `/<stack name>` */
  readonly secretsPrefix?: string;
  /** Steady-state requests per second across the API. @default 50 (10,000 installations syncing hourly average 8) */
  readonly apiRateLimit?: number;
  /** Requests allowed in a burst above the rate. @default 200 */
  readonly apiBurstLimit?: number;
  /** Days to keep function and access logs. @default 90 */
  readonly logRetentionDays?: number;
  /** Folder of the built vendor console (holding index.html). @default frontend/dist/vendor */
  readonly consoleAssetPath?: string;
}

export class VendorStack extends Stack {
  constructor(scope: Construct, id: string, props: VendorStackProps = {}) {
    super(scope, id, { description: `Ownstack control plane ${productVersion}`, ...props });
    const secretsPrefix = props.secretsPrefix ?? `/${this.stackName}`;
    assertSecretsPrefix(secretsPrefix);
    const logRetentionDays = props.logRetentionDays ?? 90;

    const data = new VendorTable(this, 'Data');
    const billingWorker = vendorFunctionCatalog.billingWorker;
    if (billingWorker.trigger.kind !== 'queue') throw new Error('The billing worker must be triggered by the billing queue.');
    const billing = new JobQueue(this, 'Billing', {
      consumerTimeout: Duration.seconds(billingWorker.timeoutSeconds),
      maxReceiveCount: vendorQueue.maxReceiveCount,
      deadLetterRetention: Duration.days(vendorQueue.dlqRetentionDays),
    });
    const api = new HttpApiGateway(this, 'Api', {
      nameSuffix: 'control-plane',
      description: "Ownstack control plane: installations' API, Stripe webhooks and the vendor console's admin API",
      rateLimit: props.apiRateLimit ?? 50,
      burstLimit: props.apiBurstLimit ?? 200,
      logRetentionDays,
    });

    const functions = new VendorFunctions(this, 'Functions', {
      table: data.table,
      billingQueue: billing.queue,
      secretsPrefix,
      publicUrl: api.url,
      logRetentionDays,
    });
    billing.addConsumer(functions.byName.billingWorker.function, { batchSize: billingWorker.trigger.batchSize, maxBatchingWindow: Duration.seconds(0) });
    new DeadLetterAlarm(this, 'BillingDeadLetters', { deadLetterQueue: billing.deadLetterQueue });
    const signingKey = new LicenseSigningKey(this, 'LicenseSigningKey', { fn: functions.byName.signingKey, secretsPrefix, logRetentionDays });

    // The console calls the API cross-origin: its CSP allows any execute-api host of the
    // region (naming this API there would make API → console → API a cycle).
    const issuerOrigin = `https://cognito-idp.${Aws.REGION}.amazonaws.com`;
    const apiOrigins = `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const consoleSite = new WebDistribution(this, 'Console', { identityOrigins: [issuerOrigin, staffHostedUiOrigin(), apiOrigins] });
    const staff = new StaffIdentity(this, 'Staff', { consoleUrl: consoleSite.url });
    allowConsoleOrigin(api, consoleSite.url);
    new VendorRoutes(this, 'Routes', {
      httpApi: api.api,
      functions: functions.byName,
      staffIssuerUrl: staff.issuerUrl,
      staffClientId: staff.consoleClient.userPoolClientId,
    });

    const consoleAssetPath = props.consoleAssetPath ?? defaultConsoleAssetPath;
    if (existsSync(join(consoleAssetPath, 'index.html'))) {
      new SitePublication(this, 'ConsoleSite', {
        bucket: consoleSite.bucket,
        distribution: consoleSite.distribution,
        siteAssetPath: consoleAssetPath,
        logRetentionDays,
        config: {
          apiBaseUrl: api.url,
          auth: {
            authority: staff.issuerUrl,
            clientId: staff.consoleClient.userPoolClientId,
            scope: 'openid email profile',
            signOutUrl: staff.signOutUrl(consoleSite.url),
          },
          version: productVersion,
          environment: 'aws',
        },
      });
    } else {
      // A warning, not an error: `cdk synth` of the application plane must not need the console's build.
      Annotations.of(this).addWarningV2(
        'ownstack:vendorConsoleNotBuilt',
        `No vendor console build at ${consoleAssetPath}: the console would be empty. Run \`npm run build:web\` before deploying this stack.`,
      );
    }

    new CfnOutput(this, 'ApiUrl', { description: "The control plane's API: set it as installations' ControlPlaneUrl", value: api.url });
    new CfnOutput(this, 'StripeWebhookUrl', {
      description: 'Register this URL as a webhook endpoint in Stripe, then put its signing secret (whsec_...) in SSM',
      value: `${api.url}${STRIPE_WEBHOOK_PATH}`,
    });
    new CfnOutput(this, 'ConsoleUrl', { description: 'The vendor console (staff of the StaffUserPoolId pool, group vendor-admins)', value: consoleSite.url });
    new CfnOutput(this, 'LicensePublicKeyJwk', {
      description: "The license verification key: installations' VendorPublicKey parameter",
      value: signingKey.publicKeyJwk,
    });
    new CfnOutput(this, 'SecretsPrefix', {
      description: 'Put the SecureString parameters stripe-api-key and stripe-webhook-secret under this SSM path',
      value: secretsPrefix,
    });
    new CfnOutput(this, 'StaffUserPoolId', {
      description: 'Create vendor staff here and add them to the vendor-admins group',
      value: staff.userPool.userPoolId,
    });
    new CfnOutput(this, 'TableName', { description: "The control plane's table (retained on stack deletion)", value: data.table.tableName });
    new CfnOutput(this, 'BillingDeadLetterQueueUrl', {
      description: 'Stripe events and usage reports that failed five times wait here for inspection and redrive',
      value: billing.deadLetterQueue.queueUrl,
    });
  }
}

/** API Gateway answers the console's preflight requests itself (an HTTP API with CORS needs no OPTIONS routes). */
function allowConsoleOrigin(api: HttpApiGateway, consoleUrl: string): void {
  (api.api.node.defaultChild as CfnApi).corsConfiguration = {
    allowOrigins: [consoleUrl],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'if-match', 'x-correlation-id'],
    exposeHeaders: ['x-correlation-id'],
    maxAge: 600,
  };
}
