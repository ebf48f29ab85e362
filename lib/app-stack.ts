/**
 * The application plane: what each customer deploys into their own account. Composes one
 * construct per concern from the declarations in functions/ (function catalog, queues,
 * bus rules, route table, table design), so the stack follows the code it runs. Nothing
 * here has a fixed monthly price; nothing has a hard-coded physical name.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { busRules, type FunctionDeclaration, functionCatalog, queueCatalog, scheduledJobs } from '../functions/catalog.js';
import { EVENT_SOURCE } from '../functions/events/domain.js';
import { routes } from '../functions/routes.js';
import { defineAppParameters } from './app-parameters.js';
import { defineLicensingParameters, licensingEnvironment } from './licensing-parameters.js';
import { defineUpgradeParameters, manifestUrlOf } from './upgrade-parameters.js';
import { ApiRoutes } from './constructs/api-routes.js';
import { CatalogFunctions } from './constructs/catalog-functions.js';
import { DataBucket } from './constructs/data-bucket.js';
import { EnterpriseSignIn } from './constructs/enterprise-sign-in.js';
import { DomainEventBus } from './constructs/event-bus.js';
import { HttpApiGateway } from './constructs/http-api.js';
import { hostedUiOrigin, Identity } from './constructs/identity.js';
import { JobQueue } from './constructs/job-queue.js';
import { OutboxRelay } from './constructs/outbox.js';
import { ScheduledJobs } from './constructs/scheduled-jobs.js';
import { SupportAccess } from './constructs/support-access.js';
import { UpgradePipeline } from './constructs/upgrade-pipeline.js';
import { SitePublication } from './constructs/site-publication.js';
import { DataTable } from './constructs/table.js';
import { WebDistribution } from './constructs/web.js';
import { defaultSiteAssetPath, productVersion } from './repository.js';

export interface AppStackProps extends StackProps {
  /** Folder of the built SPA (holding index.html). @default frontend/dist */
  readonly siteAssetPath?: string;
}

export class AppStack extends Stack {
  constructor(scope: Construct, id: string, props: AppStackProps = {}) {
    super(scope, id, { description: `Ownstack application plane ${productVersion}`, ...props });
    const parameters = defineAppParameters(this);
    const upgradeParameters = defineUpgradeParameters(this);
    const licensingParameters = defineLicensingParameters(this);
    const logRetentionDays = parameters.logRetentionDays.valueAsNumber;

    const data = new DataTable(this, 'Data');
    const jobs = new JobQueue(this, 'Jobs', {
      ...consumerLimitsOf('jobs'),
      maxReceiveCount: queueCatalog.jobs.maxReceiveCount,
      deadLetterRetention: Duration.days(queueCatalog.jobs.dlqRetentionDays),
    });
    const events = new DomainEventBus(this, 'Events', {
      rules: busRules,
      targets: { jobs: jobs.queue },
      archivePattern: { source: [EVENT_SOURCE] },
    });
    new ScheduledJobs(this, 'Schedules', { jobs: scheduledJobs, targets: { jobs: jobs.queue }, deadLetterQueue: events.deliveryFailures });
    const files = new DataBucket(this, 'Files');
    const functions = new CatalogFunctions(this, 'Functions', {
      catalog: functionCatalog,
      table: data.table,
      jobQueue: jobs.queue,
      bus: events.bus,
      dataBucket: files,
      logRetentionDays,
    });

    for (const consumer of functions.withTrigger('queue')) {
      jobs.addConsumer(consumer.fn.function, {
        batchSize: consumer.trigger.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.trigger.maxBatchingWindowSeconds),
      });
    }
    for (const publisher of functions.withTrigger('table-stream')) {
      new OutboxRelay(this, 'Outbox', {
        table: data.table,
        publisher: publisher.fn.function,
        batchSize: publisher.trigger.batchSize,
        maxBatchingWindow: Duration.seconds(publisher.trigger.maxBatchingWindowSeconds),
        retryAttempts: publisher.trigger.retryAttempts,
        filter: publisher.trigger.filter,
      });
    }

    const api = new HttpApiGateway(this, 'Api', {
      rateLimit: parameters.apiRateLimit.valueAsNumber,
      burstLimit: parameters.apiBurstLimit.valueAsNumber,
      logRetentionDays,
    });
    const issuerOrigin = `https://cognito-idp.${Aws.REGION}.amazonaws.com`;
    // The SPA also posts uploads to the data bucket's presigned URLs (virtual-hosted, regional).
    // A wildcard, not the bucket's name: the bucket's CORS names the site, so naming the bucket here would be a cycle.
    const bucketOrigins = `https://*.s3.${Aws.REGION}.amazonaws.com`;
    const web = new WebDistribution(this, 'Web', { apiDomainName: api.domainName, identityOrigins: [issuerOrigin, hostedUiOrigin(), bucketOrigins] });
    files.allowBrowserOrigin(web.url);
    const tokenEnricher = functions.onlyWithTrigger('cognito-pre-token-generation').function;
    // With REQUIRED, the enricher marks native sessions as MFA (Cognito cannot add `amr`).
    tokenEnricher.addEnvironment('MFA_POLICY', parameters.mfaPolicy.valueAsString);
    const identity = new Identity(this, 'Identity', {
      appUrl: web.url,
      mfaPolicy: parameters.mfaPolicy.valueAsString,
      preTokenGeneration: tokenEnricher,
      initialOwnerEmail: parameters.initialOwnerEmail.valueAsString,
    });
    const { federation } = parameters;
    const enterpriseSignIn = new EnterpriseSignIn(this, 'EnterpriseSignIn', {
      userPool: identity.userPool,
      client: identity.webClient,
      hostedUiBaseUrl: identity.domain.baseUrl(),
      providerType: federation.identityProviderType.valueAsString,
      samlMetadataUrl: federation.samlMetadataUrl.valueAsString,
      oidcIssuerUrl: federation.oidcIssuerUrl.valueAsString,
      oidcClientId: federation.oidcClientId.valueAsString,
      oidcClientSecret: federation.oidcClientSecretValue,
      groupsAttribute: federation.idpGroupsAttribute.valueAsString,
    });
    // The API function, not the trigger, manages users: no cycle between pool and policy.
    functions.bindUserPool(identity.userPool);

    const apiFunction = functions.onlyWithTrigger('http-api').function;
    // Deploy-time settings of the API (functions/platform/config.ts).
    apiFunction.addEnvironment('INITIAL_OWNER_EMAIL', parameters.initialOwnerEmail.valueAsString);
    apiFunction.addEnvironment('IDP_GROUP_ROLE_MAPPING', federation.idpGroupRoleMapping.valueAsString);
    apiFunction.addEnvironment('REQUIRE_MFA_FOR_ADMIN', parameters.requireMfaForAdmin.valueAsString);
    // Sessions: the SPA's API, behind the JWT authorizer, reached through CloudFront.
    new ApiRoutes(this, 'Routes', {
      httpApi: api.api,
      handler: apiFunction,
      routes,
      authentication: { kind: 'cognito-jwt', issuerUrl: identity.issuerUrl, audience: [identity.webClient.userPoolClientId] },
    });
    // API keys: the same route table and function, on an API without an authorizer.
    const integrationApi = new HttpApiGateway(this, 'IntegrationApi', {
      nameSuffix: 'integration-api',
      description: 'Ownstack integration API: every route of the route table, for API keys (Authorization: Bearer osk_...)',
      rateLimit: parameters.integrationApiRateLimit.valueAsNumber,
      burstLimit: parameters.integrationApiBurstLimit.valueAsNumber,
      logRetentionDays,
    });
    new ApiRoutes(this, 'IntegrationRoutes', { httpApi: integrationApi.api, handler: apiFunction, routes, authentication: { kind: 'api-key-in-function' } });

    // Pulled upgrades: the channel's manifest, read daily by the worker and by the pipeline (docs/upgrades.md).
    const manifestUrl = manifestUrlOf(upgradeParameters.channel.valueAsString);
    const workerFunction = functions.byName.jobWorker.function;
    for (const fn of [apiFunction, workerFunction]) {
      fn.addEnvironment('UPDATE_CHANNEL', upgradeParameters.channel.valueAsString);
      fn.addEnvironment('AUTO_UPDATE', upgradeParameters.autoUpdate.valueAsString);
      fn.addEnvironment('MAINTENANCE_WINDOW', upgradeParameters.maintenanceWindow.valueAsString);
    }
    workerFunction.addEnvironment('UPDATE_MANIFEST_URL', manifestUrl);
    // Licensing (docs/licensing.md, docs/telemetry.md): the worker syncs hourly over plain
    // outbound HTTPS (no AWS grant); the API verifies licenses and answers the billing page.
    for (const fn of [apiFunction, workerFunction]) {
      for (const [name, value] of Object.entries(licensingEnvironment(licensingParameters))) fn.addEnvironment(name, value);
    }
    // Stripe sends the browser back here after Checkout and the Portal; no other origin is trusted.
    apiFunction.addEnvironment('WEB_ORIGIN', web.url);
    const upgrades = new UpgradePipeline(this, 'Upgrades', {
      parameters: upgradeParameters,
      manifestUrl,
      appUrl: web.url,
      table: data.table,
      watchedFunctions: { Api: apiFunction, JobWorker: workerFunction },
      deadLetterQueue: events.deliveryFailures,
      logRetentionDays,
      migrations: functions.byName.migrations.function,
    });
    // Admins approve a waiting upgrade from the app: the API answers the pipeline's task token.
    UpgradePipeline.grantApprovalAnswer(this, apiFunction);
    new SupportAccess(this, 'VendorSupport', { parameters: upgradeParameters.support });

    new SitePublication(this, 'Site', {
      bucket: web.bucket,
      distribution: web.distribution,
      siteAssetPath: props.siteAssetPath ?? defaultSiteAssetPath,
      logRetentionDays,
      config: {
        apiBaseUrl: '',
        auth: {
          authority: identity.issuerUrl,
          clientId: identity.webClient.userPoolClientId,
          scope: 'openid email profile',
          signOutUrl: identity.signOutUrl(web.url),
        },
        version: productVersion,
        environment: 'aws',
      },
    });

    new CfnOutput(this, 'AppUrl', { description: 'Open this in a browser to use Ownstack', value: web.url });
    new CfnOutput(this, 'ApiUrl', { description: 'The API, on the same origin as the app', value: `${web.url}/api` });
    new CfnOutput(this, 'IntegrationApiUrl', { description: 'Send API-key requests here: Authorization: Bearer osk_...', value: integrationApi.url });
    new CfnOutput(this, 'SamlAcsUrl', { description: 'SAML sign-in: the reply (ACS) URL to register at your IdP', value: enterpriseSignIn.samlAcsUrl });
    new CfnOutput(this, 'SamlEntityId', {
      description: 'SAML sign-in: the entity id (audience) to register at your IdP',
      value: enterpriseSignIn.samlEntityId,
    });
    new CfnOutput(this, 'OidcRedirectUrl', { description: 'OIDC sign-in: the redirect URL to register at your IdP', value: enterpriseSignIn.oidcRedirectUrl });
    new CfnOutput(this, 'UserPoolId', { description: 'Invite and manage users here', value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { description: "The SPA's app client", value: identity.webClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { description: 'The single DynamoDB table (retained on stack deletion)', value: data.table.tableName });
    new CfnOutput(this, 'DataBucketName', { description: 'Attachments and export zips (retained on stack deletion)', value: files.bucket.bucketName });
    new CfnOutput(this, 'UpgradePipelineArn', {
      description: 'Start this state machine (input {}) to upgrade to the latest release of your channel',
      value: upgrades.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'EventBusName', { description: 'Attach your own rules to domain events here', value: events.bus.eventBusName });
  }
}

/** The longest timeout and batching window among a queue's consumers in the catalog. */
function consumerLimitsOf(queue: keyof typeof queueCatalog): { consumerTimeout: Duration; consumerBatchingWindow: Duration } {
  const consumers = Object.values<FunctionDeclaration>(functionCatalog).flatMap((f) =>
    f.trigger.kind === 'queue' && f.trigger.queue === queue ? [{ timeout: f.timeoutSeconds, window: f.trigger.maxBatchingWindowSeconds }] : [],
  );
  if (consumers.length === 0) throw new Error(`Queue "${queue}" has no consumer in the function catalog; add one or remove the queue.`);
  return {
    consumerTimeout: Duration.seconds(Math.max(...consumers.map((c) => c.timeout))),
    consumerBatchingWindow: Duration.seconds(Math.max(...consumers.map((c) => c.window))),
  };
}
