/**
 * The whole product on one machine, no AWS account: DynamoDB Local, a local OpenID
 * provider and a user pool admin API standing in for Cognito, the HTTP API's routing and
 * JWT check, and an in-process queue, bus and stream poller that invoke the very same
 * Lambda handlers with the events AWS would send. `npm start` runs it (main.ts); tests and e2e call it directly.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { busRules, functionCatalog, queueCatalog, scheduledJobs } from '../catalog.js';
import { DEFAULT_VENDOR_PUBLIC_KEY } from '../licensing/vendor-public-key.js';
import { routes } from '../routes.js';
import { createBlobFiles } from './blob-files.js';
import { createCognitoEndpoint } from './cognito-endpoint.js';
import { dynamoDbLocalCredentials, startDynamoDbLocal } from './dynamodb-local.js';
import { createEventBridgeEndpoint } from './eventbridge-endpoint.js';
import { loadHandlers, repositoryRoot } from './handlers.js';
import { createHttpApi } from './http-api.js';
import { createJwtAuthorizer } from './jwt-authorizer.js';
import { lambdaInvoker } from './lambda-invoker.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';
import { createLocalBus } from './local-bus.js';
import { createLocalQueue, type QueueState } from './local-queue.js';
import { createLocalServer, LOCAL_PATHS } from './local-server.js';
import { consoleLog } from './log.js';
import { API_SCOPE, signAccessToken, WEB_CLIENT_ID } from './oidc/access-token.js';
import { accountForToken, openAccounts } from './oidc/accounts.js';
import { createInteractionHandler } from './oidc/interactions.js';
import { loadOrCreateKeys, publicJwk } from './oidc/keys.js';
import { createOidcProvider } from './oidc/provider.js';
import { LOCAL_OWNER_EMAIL } from './oidc/seed-users.js';
import { createSessionStore } from './oidc/session-store.js';
import { createRouteMatcher } from './route-matcher.js';
import { writeRuntimeFile } from './runtime-file.js';
import { createS3Endpoint } from './s3-endpoint.js';
import { createSpaHandler } from './spa.js';
import { createSqsEndpoint } from './sqs-endpoint.js';
import { startStreamPoller } from './stream-poller.js';
import { ensureTable } from './table-setup.js';

export interface LocalRuntimeOptions {
  /** Port of the one HTTP origin; 0 picks a free port. @default 3000 */
  port?: number;
  /** Where the database, keys and checkpoints live. @default '.ownstack' */
  dataDir?: string;
  /** Delete the data directory first. @default false */
  fresh?: boolean;
  /** The built SPA. @default 'frontend/dist' */
  webRoot?: string;
  /** Print nothing but errors; handlers log nothing. @default false */
  quiet?: boolean;
  /** Use this DynamoDB Local instead of starting one (tests share one). @default start one in `<dataDir>/dynamodb` */
  dynamoEndpoint?: string;
  /** @default 'ownstack-local' */
  tableName?: string;
  /**
   * The vendor's control plane to connect to (main.ts starts the local one): its URL and its
   * license public key (a JWK in JSON). @default none: not connected, community plan
   */
  controlPlane?: { url: string; publicKey: string };
  /** on: heartbeat and usage reports go to the control plane; off: license pulls only. @default 'on' */
  telemetry?: 'on' | 'off';
}

export interface LocalRuntime {
  /** The origin to open: SPA, `/config.json`, `/api/*` and `/oidc/*`. */
  url: string;
  issuer: string;
  tableName: string;
  dynamoEndpoint: string;
  stop(): Promise<void>;
  /**
   * An access token for a local account (seeded or invited), as the sign-in flow would
   * issue it. Throws for an unknown or a disabled account, which Cognito gives no token.
   */
  tokenFor(email: string): Promise<string>;
  /** The loopback AWS endpoints the handlers are configured with. */
  aws: {
    sqsEndpoint: string;
    eventBridgeEndpoint: string;
    cognitoEndpoint: string;
    jobQueueUrl: string;
    eventBusName: string;
    userPoolId: string;
    s3Endpoint: string;
    blobBucket: string;
  };
  /** Keys of the objects in the blob bucket (the local S3 stand-in's files). */
  blobKeys(): string[];
  /** The job queue's counters and dead letters. */
  queueState(): QueueState;
  /** Resolves once the job queue has nothing waiting or in flight. */
  queueIdle(): Promise<void>;
}

const EVENT_BUS_NAME = 'ownstack-local';
/** Shaped like a Cognito pool id (`<region>_<id>`); the local region is `local`. */
const USER_POOL_ID = 'local_ownstack';
const BLOB_BUCKET = 'ownstack-local-data';

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = consoleLog(options.quiet);
  const dataDir = resolve(options.dataDir ?? '.ownstack');
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const tableName = options.tableName ?? 'ownstack-local';
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((e: Error) => log.error(`while stopping: ${e.message}`));
    cleanups.length = 0;
  };

  try {
    const keys = await loadOrCreateKeys(dataDir);
    const accounts = openAccounts(dataDir);
    const local = createLocalServer(log);
    const port = await local.listen(options.port ?? 3000);
    cleanups.push(() => local.close());
    const url = `http://localhost:${port}`;
    const issuer = `${url}${LOCAL_PATHS.oidc}`;

    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb'), pidFile: join(dataDir, 'dynamodb.pid') });
      cleanups.push(() => dynamo.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    const clientOptions = { endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: dynamoDbLocalCredentials };
    const dynamoClient = new DynamoDBClient(clientOptions);
    const streamsClient = new DynamoDBStreamsClient(clientOptions);
    cleanups.push(
      () => dynamoClient.destroy(),
      () => streamsClient.destroy(),
    );
    const { created } = await ensureTable(dynamoClient, tableName);

    const aws = {
      sqsEndpoint: `${url}${LOCAL_PATHS.sqs}`,
      eventBridgeEndpoint: `${url}${LOCAL_PATHS.events}`,
      cognitoEndpoint: `${url}${LOCAL_PATHS.cognito}`,
      jobQueueUrl: `${url}${LOCAL_PATHS.sqs}/${LOCAL_ACCOUNT_ID}/ownstack-local-jobs`,
      eventBusName: EVENT_BUS_NAME,
      userPoolId: USER_POOL_ID,
      s3Endpoint: `${url}${LOCAL_PATHS.s3}`,
      blobBucket: BLOB_BUCKET,
    };
    const version = process.env.OWNSTACK_VERSION ?? packageVersion();
    const handlers = await loadHandlers({
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      EVENT_BUS_NAME: aws.eventBusName,
      EVENTBRIDGE_ENDPOINT: aws.eventBridgeEndpoint,
      SQS_ENDPOINT: aws.sqsEndpoint,
      JOB_QUEUE_URL: aws.jobQueueUrl,
      USER_POOL_ID: aws.userPoolId,
      COGNITO_ENDPOINT: aws.cognitoEndpoint,
      BLOB_BUCKET: aws.blobBucket,
      S3_ENDPOINT: aws.s3Endpoint,
      INITIAL_OWNER_EMAIL: LOCAL_OWNER_EMAIL,
      OWNSTACK_VERSION: version,
      // No internet locally: the manifest is a file in the data folder (or a loopback URL you serve).
      UPDATE_MANIFEST_URL: process.env.OWNSTACK_UPDATE_MANIFEST_URL ?? pathToFileURL(join(dataDir, 'update-manifest.json')).href,
      POWERTOOLS_LOG_LEVEL: options.quiet ? 'SILENT' : (process.env.LOG_LEVEL ?? 'ERROR'),
      WEB_ORIGIN: url,
      TELEMETRY: options.telemetry ?? 'on',
      // Always set, so a runtime without a control plane does not inherit the previous one's in this process.
      CONTROL_PLANE_URL: options.controlPlane?.url ?? '',
      VENDOR_PUBLIC_KEY: options.controlPlane?.publicKey ?? DEFAULT_VENDOR_PUBLIC_KEY,
    });

    const worker = functionCatalog.jobWorker.trigger;
    const invokeWorker = lambdaInvoker('jobWorker', handlers.jobWorker);
    const jobs = createLocalQueue({
      name: 'ownstack-local-jobs',
      maxReceiveCount: queueCatalog[worker.queue].maxReceiveCount,
      batchSize: worker.batchSize,
      consume: (event) => invokeWorker(event),
      onDeadLetter: (letter) => log.warn(`message ${letter.messageId} moved to the dead-letter queue after ${letter.receiveCount} receives: ${letter.reason}`),
    });
    cleanups.push(() => jobs.stop());
    // The schedule rules of AWS, locally: each scheduled job once on start, then on its local period.
    for (const job of scheduledJobs) {
      const queue = { jobs }[job.target];
      const send = () => queue.send({ body: JSON.stringify(job.message) });
      send();
      const timer = setInterval(send, job.localEveryMinutes * 60_000);
      timer.unref();
      cleanups.push(() => clearInterval(timer));
    }
    const bus = createLocalBus(
      EVENT_BUS_NAME,
      busRules.map((r) => ({ id: r.id, pattern: r.pattern, target: r.target })),
      { [worker.queue]: jobs },
    );

    const authorize = createJwtAuthorizer({ issuer, audience: [WEB_CLIENT_ID], jwks: { keys: [publicJwk(keys)] } });
    const sessions = createSessionStore();
    const provider = createOidcProvider({ issuer, appUrl: url, keys, accounts, sessions, onServerError: (e) => log.error(`identity provider: ${e.message}`) });
    const oidcCallback = provider.callback();
    const interactions = createInteractionHandler({ provider, issuer, authorize, accounts });
    const webConfig = { apiBaseUrl: '', auth: { authority: issuer, clientId: WEB_CLIENT_ID, scope: API_SCOPE }, version, environment: 'local' as const };
    const sqsEndpoint = createSqsEndpoint(new Map([[aws.jobQueueUrl, jobs]]));
    const eventsEndpoint = createEventBridgeEndpoint(bus);
    const blobFiles = createBlobFiles(join(dataDir, 'blobs'), [BLOB_BUCKET]);
    const s3Endpoint = createS3Endpoint({
      prefix: LOCAL_PATHS.s3,
      files: blobFiles,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      allowedOrigins: [url],
    });
    const cognitoEndpoint = createCognitoEndpoint({ accounts, userPoolId: USER_POOL_ID, signInUrl: url, endSessionsOf: sessions.endAllOf, log });

    local.route({
      api: createHttpApi({ match: createRouteMatcher(routes), authorize, invoke: lambdaInvoker('api', handlers.api), log }),
      interactions,
      oidc: (req, res) => oidcCallback(req, res),
      sqs: (req, res) => sqsEndpoint(req, res),
      events: (req, res) => eventsEndpoint(req, res),
      cognito: (req, res) => cognitoEndpoint(req, res),
      s3: (req, res) => s3Endpoint(req, res),
      state: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ queue: jobs.state(), bus: bus.stats() }));
      },
      spa: createSpaHandler(resolve(options.webRoot ?? 'frontend/dist'), webConfig),
    });

    const publisher = functionCatalog.outboxPublisher.trigger;
    const invokePublisher = lambdaInvoker('outboxPublisher', handlers.outboxPublisher);
    const poller = await startStreamPoller({
      dynamo: dynamoClient,
      streams: streamsClient,
      tableName,
      batchSize: publisher.batchSize,
      retryAttempts: publisher.retryAttempts,
      filter: (record) => record.eventName === publisher.filter.eventName && record.dynamodb?.NewImage?.entity?.S === publisher.filter.entity,
      invoke: (event) => invokePublisher(event),
      checkpointFile: join(dataDir, `stream-checkpoints-${tableName}.json`),
      log,
    });
    // Stop the poller before the queue and the server it publishes through.
    cleanups.push(() => poller.stop());

    writeRuntimeFile(dataDir, { url, issuer, tableName, dynamoEndpoint, pid: process.pid, startedAt: new Date().toISOString() });
    log.info(`table ${tableName} ${created ? 'created' : 'found'} at ${dynamoEndpoint}; identity provider at ${issuer}`);

    let stopping: Promise<void> | undefined;
    return {
      url,
      issuer,
      tableName,
      dynamoEndpoint,
      aws,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
      async tokenFor(email) {
        return signAccessToken(keys, issuer, accountForToken(accounts.list(), email));
      },
      blobKeys: () => blobFiles.keys(BLOB_BUCKET),
      queueState: () => jobs.state(),
      queueIdle: () => jobs.idle(),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0-dev';
  } catch {
    return '0.0.0-dev';
  }
}
