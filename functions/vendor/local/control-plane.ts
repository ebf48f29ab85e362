/**
 * The vendor's control plane on one machine, beside the installation: its table in the
 * same DynamoDB Local, the Stripe fake, an in-process billing queue, and one loopback
 * HTTP origin that routes `vendorRoutes` to the very same Lambda handlers the
 * VendorStack deploys (admin routes behind a local JWT authorizer), serves the vendor
 * console and its `/config.json`, and stands in for SQS under `/_local/sqs`.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JWK } from 'jose';
import { vendorConsoleConfigSchema } from '../../../frontend/src/vendor/console-config.js';
import { dynamoDbLocalCredentials } from '../../local/dynamodb-local.js';
import { readBody } from '../../local/http-body.js';
import { httpApiEvent } from '../../local/http-api-event.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../../local/local-aws.js';
import { createLocalQueue, type QueueState } from '../../local/local-queue.js';
import { consoleLog } from '../../local/log.js';
import type { RouteMatch } from '../../local/route-matcher.js';
import { createSqsEndpoint } from '../../local/sqs-endpoint.js';
import { startStripeFake, type StripeFakeControls } from '../../local/stripe-fake/server.js';
import { PROBLEM_CONTENT_TYPE, problem } from '../../platform/problem.js';
import { type VendorFunctionId, vendorFunctionCatalog, vendorQueue, vendorRoutes } from '../catalog.js';
import { ensureVendorTable } from '../table.js';
import { localAdminAuth } from './admin-token.js';
import { createConsoleHandler } from './console.js';
import { loadVendorHandlers } from './handlers.js';
import { seedActivationCode } from './seed.js';
import { loadOrCreateVendorFiles } from './vendor-files.js';

export interface LocalControlPlaneOptions {
  /** Port of the control plane's origin; 0 picks a free one. @default 3001 */
  port?: number;
  /** The installation's data directory; the control plane keeps its files in `<dataDir>/vendor/`. */
  dataDir: string;
  /** The DynamoDB Local to create the vendor table in (the installation's). */
  dynamoEndpoint: string;
  /** @default 'ownstack-vendor-local' */
  tableName?: string;
  /** Print nothing but errors. @default false */
  quiet?: boolean;
  /** The Stripe fake. @default a free port */
  stripe?: { port?: number };
  /** The built vendor console. @default 'frontend/dist/vendor' */
  consoleRoot?: string;
}

export interface LocalControlPlane {
  /** The control plane's origin: installation API, admin API, webhook, console. */
  url: string;
  /** The license public key, for the installation's `VendorPublicKey`. */
  publicKeyJwk: JWK;
  stripeUrl: string;
  /** A code an installation can register with (printed on start; the same for a data directory). */
  activationCode: string;
  /** A vendor staff token for the admin API (local only). */
  adminToken: string;
  tableName: string;
  /** The Stripe fake's controls: pay, fail a payment, end a trial, hold webhooks. */
  stripe: StripeFakeControls;
  billingQueueState(): QueueState;
  /** Resolves once the billing queue has nothing waiting or in flight. */
  billingIdle(): Promise<void>;
  stop(): Promise<void>;
}

const SQS_PATH = '/_local/sqs';
const BILLING_QUEUE_NAME = 'ownstack-vendor-billing';
/** As the HTTP API's payload limit, before the router's own 64 KiB bound. */
const MAX_REQUEST_BYTES = 1024 * 1024;

export async function startLocalControlPlane(options: LocalControlPlaneOptions): Promise<LocalControlPlane> {
  const log = consoleLog(options.quiet);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const tableName = options.tableName ?? 'ownstack-vendor-local';
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((e: Error) => log.error(`control plane, while stopping: ${e.message}`));
    cleanups.length = 0;
  };

  try {
    const files = await loadOrCreateVendorFiles(dataDir);
    let dispatch: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
    const server = createServer((req, res) => {
      if (!dispatch) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
        res.end('The control plane is starting.\n');
        return;
      }
      dispatch(req, res).catch((error: Error) => {
        log.error(`control plane: ${req.method} ${req.url} failed: ${error.stack ?? error.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
    });
    server.keepAliveTimeout = 5_000;
    const port = await listen(server, options.port ?? 3001);
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    );
    const url = `http://localhost:${port}`;

    const client = new DynamoDBClient({ endpoint: options.dynamoEndpoint, region: LOCAL_REGION, credentials: dynamoDbLocalCredentials });
    cleanups.push(() => client.destroy());
    await ensureVendorTable(client, tableName);
    const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

    const stripe = await startStripeFake({
      port: options.stripe?.port,
      webhookUrl: `${url}/stripe/webhook`,
      webhookSecret: files.stripeWebhookSecret,
      dataFile: join(files.dir, 'stripe-fake.json'),
    });
    cleanups.push(() => stripe.close());

    const billingQueueUrl = `${url}${SQS_PATH}/${LOCAL_ACCOUNT_ID}/${BILLING_QUEUE_NAME}`;
    const handlers = await loadVendorHandlers(
      {
        VENDOR_TABLE_NAME: tableName,
        DYNAMODB_ENDPOINT: options.dynamoEndpoint,
        BILLING_QUEUE_URL: billingQueueUrl,
        SQS_ENDPOINT: `${url}${SQS_PATH}`,
        LOCAL_SECRETS_FILE: files.secretsFile,
        STRIPE_API_BASE: stripe.url,
        VENDOR_PUBLIC_URL: url,
        POWERTOOLS_LOG_LEVEL: options.quiet ? 'SILENT' : (process.env.LOG_LEVEL ?? 'ERROR'),
      },
      ['installationApi', 'adminApi', 'stripeWebhook', 'billingWorker'],
    );
    const invoke = (name: VendorFunctionId, event: unknown, requestId?: string) => {
      const handler = handlers[name];
      if (!handler) throw new Error(`${vendorFunctionCatalog[name].entry} was not loaded.`);
      return withTimeout(handler(event, lambdaContext(`vendor-${name}`, vendorFunctionCatalog[name], requestId)), vendorFunctionCatalog[name].timeoutSeconds);
    };

    const worker = vendorFunctionCatalog.billingWorker.trigger;
    const billing = createLocalQueue({
      name: BILLING_QUEUE_NAME,
      maxReceiveCount: vendorQueue.maxReceiveCount,
      batchSize: worker.batchSize,
      consume: (event) => invoke('billingWorker', event) as ReturnType<Parameters<typeof createLocalQueue>[0]['consume']>,
      onDeadLetter: (letter) => log.warn(`control plane: billing message ${letter.messageId} moved to the dead-letter queue: ${letter.reason}`),
    });
    cleanups.push(() => billing.stop());
    const sqs = createSqsEndpoint(new Map([[billingQueueUrl, billing]]));

    const admin = await localAdminAuth(files.dir, `${url}/local-admin`);
    const adminToken = await admin.mintAdminToken();
    const configBody = JSON.stringify(vendorConsoleConfigSchema.parse({ adminToken, apiBaseUrl: '' }));
    const serveConsole = createConsoleHandler(options.consoleRoot ?? 'frontend/dist/vendor');
    const activationCode = await seedActivationCode(db, tableName, files.activationSeed);
    const match = routeMatcher();

    dispatch = async (req, res) => {
      const requestUrl = new URL(req.url ?? '/', url);
      const path = requestUrl.pathname;
      if (path === SQS_PATH || path.startsWith(`${SQS_PATH}/`)) return void (await sqs(req, res));
      if (path === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
        res.end(configBody);
        return;
      }
      const method = req.method ?? 'GET';
      const route = match(method, path);
      if (!route) {
        if (path.startsWith('/v1/') || path.startsWith('/admin/') || path.startsWith('/stripe/')) {
          return sendProblem(res, problem(404, 'not-found', 'Not found', `No route for ${method} ${path}.`));
        }
        return serveConsole(req, res, requestUrl);
      }
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (!body.ok) return sendProblem(res, problem(413, 'too-large', 'Request body too large', `The body is ${body.receivedBytes} bytes.`));
      let jwt: Parameters<typeof httpApiEvent>[2];
      if (route.fn === 'adminApi') {
        const verdict = await admin.authorize(req.headers.authorization);
        if (!verdict.ok) {
          return sendProblem(res, problem(401, 'unauthenticated', 'Unauthenticated', 'A valid bearer token is required.'), {
            'www-authenticate': verdict.tokenPresent ? 'Bearer error="invalid_token"' : 'Bearer',
          });
        }
        jwt = { claims: verdict.claims, scopes: verdict.scopes };
      }
      const event = httpApiEvent(
        {
          method,
          rawPath: path,
          rawQueryString: requestUrl.search.slice(1),
          headers: req.headersDistinct,
          body: body.bytes,
          sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          protocol: `HTTP/${req.httpVersion}`,
          host: requestUrl.hostname,
          port,
        },
        // httpApiEvent reads only the route key and the path parameters of a match.
        { routeKey: route.routeKey, pathParameters: route.pathParameters } as RouteMatch,
        jwt,
      );
      try {
        writeResult(res, await invoke(route.fn, event, event.requestContext.requestId));
      } catch (error) {
        log.error(`control plane: ${route.fn} failed on ${method} ${path}: ${(error as Error).message}`);
        sendProblem(res, problem(500, 'internal', 'Internal error', 'The control plane failed; see its log.'));
      }
    };

    log.info(`control plane at ${url} (table ${tableName}, Stripe fake at ${stripe.url})`);
    let stopping: Promise<void> | undefined;
    return {
      url,
      publicKeyJwk: files.publicKeyJwk,
      stripeUrl: stripe.url,
      activationCode,
      adminToken,
      tableName,
      stripe: stripe.controls,
      billingQueueState: () => billing.state(),
      billingIdle: () => billing.idle(),
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** `vendorRoutes` as the HTTP API matches them: `{name}` is one path segment. */
function routeMatcher() {
  const compiled = vendorRoutes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, pattern: new RegExp(`^${source}$`), names };
  });
  return (method: string, path: string) => {
    for (const { route, pattern, names } of compiled) {
      const found = route.method === method ? pattern.exec(path) : null;
      if (!found) continue;
      const pathParameters = names.length ? Object.fromEntries(names.map((name, i) => [name, found[i + 1] ?? ''])) : undefined;
      return { fn: route.fn, routeKey: `${route.method} ${route.path}`, pathParameters };
    }
    return undefined;
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is in use. Stop the other process or start with --control-plane-port <another>.`) : error),
    );
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`Task timed out after ${seconds} seconds`)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sendProblem(res: ServerResponse, p: ReturnType<typeof problem>, headers: Record<string, string> = {}): void {
  res.writeHead(p.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(p));
}

/** A payload 2.0 result; like API Gateway, a bare value means 200 with a JSON body. */
function writeResult(res: ServerResponse, result: unknown): void {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return;
  }
  const r = result as { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
  res.writeHead(r.statusCode, r.headers ?? {});
  res.end(r.body ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}
