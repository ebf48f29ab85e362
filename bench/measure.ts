/**
 * One bench run, in the measuring process that run.ts supervises: synth and bundle sizes,
 * cold starts, warm latency at two table sizes (documents), capacity and log bytes per
 * route, the stream publisher's rate; prints the tables and writes the JSON. It stops everything it started; run.ts reaps what a crash leaves.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { functionCatalog } from '../functions/catalog.js';
import { toApiGatewayClaims } from '../functions/local/jwt-authorizer.js';
import { SEEDED_USERS } from '../functions/local/oidc/seed-users.js';
import { loadHandlers } from '../functions/local/handlers.js';
import { LOCAL_OWNER_EMAIL } from '../functions/local/oidc/seed-users.js';
import { buildBenchHandler, buildProbe, measureBundle } from './bundles.js';
import { capacityPerRoute } from './capacity.js';
import { runColdStarts } from './cold-start.js';
import { coldStartVariants } from './cold-start-variants.js';
import { startBenchDatabase } from './database.js';
import { startFakeEventBridge } from './fake-eventbridge.js';
import { keepAliveClient } from './http-client.js';
import { loadApiAtDefaultLogLevel, logBytesPerRoute } from './log-bytes.js';
import { type RouteUnderTest, sampleRoute, warmUp } from './latency.js';
import { describeMachine, loadAverage } from './machine.js';
import { describeSource } from './source.js';
import type { BenchOptions } from './options.js';
import { waitUntilQuiet } from './quiet.js';
import { renderReport, writeResults } from './report.js';
import type { BenchResults, ScaleResults } from './results.js';
import { documentEvents, endToEndRate, handlerRate, loadPublisher, type PublisherFigures } from './publisher-rate.js';
import { type ApiHandler, MEMBERS_PAGE, meteredRequests, routesUnderTest } from './routes-under-test.js';
import { sampleInWorker } from './route-worker.js';
import { startRuntimeProcess } from './runtime-process.js';
import { putUser, seedUsers } from './seed.js';
import { benchDocumentId, LIST_PROJECT, projectOfDocument, seedDocuments, seedEditedDocuments, WRITE_PROJECT } from './seed-documents.js';
import { synthesize } from './synth.js';
import { checkTargets } from './targets.js';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const RESULTS_FILE = join(repositoryRoot, 'bench', 'results', 'latest.json');
const TABLE = 'ownstack-bench';
/** Restarts of the local runtime's process one run tolerates before it gives up. */
const MAX_RUNTIME_RESTARTS = 5;
/** Tries of a write route in a process of its own. */
const WORKER_ATTEMPTS = 5;

const startedAt = new Date();
const clock = performance.now();
const progress = (message: string) => console.log(`· [${((performance.now() - clock) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const cleanups: (() => Promise<unknown> | unknown)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((e: Error) => console.error(`while stopping: ${e.message}`));
  cleanups.length = 0;
}

/** Runs the bench in `scratch` (a folder run.ts made and removes); stops what it started, even on error or Ctrl-C. */
export async function measure(options: BenchOptions, scratch: string, attempt: number): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping everything the bench started…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    await measureIn(options, scratch, attempt);
  } finally {
    await cleanUp();
  }
}

async function measureIn(options: BenchOptions, scratch: string, attempt: number): Promise<void> {
  // Bundles leave @aws-sdk/* to the Lambda runtime; here the repository's copy stands in,
  // found by Node's resolution from every bundle below the scratch folder.
  symlinkSync(join(repositoryRoot, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const machine = describeMachine();
  const source = describeSource(repositoryRoot);
  const loadAtStart = loadAverage();
  if ((loadAtStart[0] ?? 0) > machine.cores / 2) {
    progress(`warning: the machine is busy (load ${loadAtStart.join(', ')} on ${machine.cores} cores); the figures will carry that noise`);
  }

  progress('synthesizing the CDK app (npx cdk synth --quiet -o <scratch>)…');
  const synth = await synthesize(repositoryRoot, join(scratch, 'cdk.out'));
  progress(`synth took ${(synth.wallMs / 1000).toFixed(1)} s; measuring bundles`);
  const [minimalDir, authorizerDir] = [join(scratch, 'minimal'), join(scratch, 'authorizer')];
  for (const dir of [minimalDir, authorizerDir, join(scratch, 'data')]) mkdirSync(dir);
  const minimalBundle = await buildBenchHandler('minimal', minimalDir);
  const authorizerBundle = await buildBenchHandler('authorizer', authorizerDir);
  const probePath = await buildProbe(scratch);
  const bundles = [...synth.functions.map((f) => ({ name: f.name, ...measureBundle(f.assetDir) })), { name: 'minimal (bench)', ...measureBundle(minimalDir) }];

  progress(`starting DynamoDB Local (${options.disk ? 'on disk' : 'in memory'}) and the fake EventBridge…`);
  const db = await startBenchDatabase(join(scratch, 'data'), TABLE, options);
  cleanups.push(() => db.stop());
  const bus = await startFakeEventBridge();
  cleanups.push(() => bus.stop());
  const owner = SEEDED_USERS[0];
  if (!owner) throw new Error('The local runtime seeds no users.');
  await putUser(db.db, TABLE, {
    userId: owner.sub,
    email: owner.email,
    displayName: owner.name,
    role: 'owner',
    status: 'active',
    createdAt: startedAt.toISOString(),
    groupIds: [],
  });
  const signedIn = toApiGatewayClaims({ sub: owner.sub, email: owner.email, email_verified: owner.emailVerified, name: owner.name, client_id: 'ownstack-web' });

  progress(`cold starts: ${options.coldRuns} runs of each variant, one fresh node process per run…`);
  const coldStarts = await runColdStarts(
    coldStartVariants({
      functions: synth.functions,
      minimalBundle,
      authorizerBundle,
      tableName: TABLE,
      dynamoEndpoint: db.endpoint,
      eventBridgeEndpoint: bus.endpoint,
      claims: signedIn,
      userId: owner.sub,
    }),
    { runs: options.coldRuns, probePath, scratchDir: scratch, onProgress: progress },
  );

  progress('starting the local runtime (a process of its own) on the same DynamoDB Local…');
  const runtimeDir = join(scratch, 'runtime');
  const runtimeOptions = { dataDir: runtimeDir, dynamoEndpoint: db.endpoint, tableName: TABLE, ownerEmail: owner.email };
  let runtime = await startRuntimeProcess({ ...runtimeOptions, fresh: true });
  let http = keepAliveClient(runtime.url);
  cleanups.push(
    () => runtime.stop(),
    () => http.close(),
  );
  // The token's issuer is the runtime's URL, whose port a restart changes: each runtime signs its own.
  let token = runtime.token;
  let restarts = 0;
  let workerRestarts = 0;
  /**
   * Runs `work`; if the runtime's process died meanwhile (Node 20's V8 crash, which now
   * strikes the server process), starts it again on the same data and runs `work` again.
   */
  const withRuntime = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (restarts >= MAX_RUNTIME_RESTARTS || !(await runtime.diedWithin(3_000))) throw error;
        restarts += 1;
        progress(`  the local runtime's process died during ${what}; restarting it (${restarts} of ${MAX_RUNTIME_RESTARTS}) and starting ${what} over`);
        http.close();
        runtime = await startRuntimeProcess({ ...runtimeOptions, fresh: false });
        http = keepAliveClient(runtime.url);
        token = runtime.token;
      }
    }
  };
  const claims = toApiGatewayClaims(decodeJwt(token));
  // The API handler as the runtime loads it (the same loader, with the environment it sets), in this process.
  const handlerEnvironment = () => ({
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: db.endpoint,
    EVENT_BUS_NAME: runtime.aws.eventBusName,
    EVENTBRIDGE_ENDPOINT: runtime.aws.eventBridgeEndpoint,
    SQS_ENDPOINT: runtime.aws.sqsEndpoint,
    JOB_QUEUE_URL: runtime.aws.jobQueueUrl,
    USER_POOL_ID: runtime.aws.userPoolId,
    COGNITO_ENDPOINT: runtime.aws.cognitoEndpoint,
    BLOB_BUCKET: runtime.aws.blobBucket,
    S3_ENDPOINT: runtime.aws.s3Endpoint,
    INITIAL_OWNER_EMAIL: LOCAL_OWNER_EMAIL,
    OWNSTACK_VERSION: 'bench',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const { api: handler } = (await loadHandlers(handlerEnvironment())) as unknown as { api: ApiHandler };
  // A second instance of the same module at the deployed function's log settings, for log bytes.
  const loggingHandler = await loadApiAtDefaultLogLevel(repositoryRoot);

  progress(`seeding ${options.users.toLocaleString('en-US')} users…`);
  await seedUsers(db.db, TABLE, { from: 1, to: options.users });
  const author = { userId: owner.sub, email: owner.email };
  const scales: ScaleResults[] = [];
  let documents = 0;
  for (const target of [options.smallDocuments, ...(options.largeDocuments ? [options.largeDocuments] : [])]) {
    progress(`seeding to ${target.toLocaleString('en-US')} documents…`);
    const seedMs = await seedDocuments(
      db.db,
      TABLE,
      author,
      { from: documents, to: target },
      {
        onProgress: (p) =>
          progress(
            `  seeded ${p.written.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} (${Math.round(p.written / (p.elapsedMs / 1000))} documents/s)`,
          ),
      },
    );
    if (documents === 0) await seedEditedDocuments(db.db, TABLE, author);
    documents = target;
    const waited = await waitUntilQuiet({ javaPid: db.pid, checkpointFile: join(runtimeDir, `stream-checkpoints-${TABLE}.json`) });
    await runtime.queueIdle();
    progress(
      `stream poller and DynamoDB Local quiet after ${(waited / 1000).toFixed(0)} s; timing routes (${options.warmup} warm-up + ${options.samples} samples per mode)…`,
    );
    const listProjectDocuments = Array.from({ length: documents }, (_, n) => n).filter((n) => projectOfDocument(n) === LIST_PROJECT).length;
    // The get route reads 100 documents spread evenly over the whole table, in turn.
    const readDocumentIds = Array.from({ length: Math.min(100, documents) }, (_, i) => benchDocumentId(Math.floor((i * documents) / Math.min(100, documents))));
    const layout = { listProjectId: LIST_PROJECT, listProjectDocuments, readDocumentIds, writeProjectId: WRITE_PROJECT };
    const latency = [];
    // Built again after a restart of the runtime (its URL changes; its signing keys do not).
    const routeList = () =>
      routesUnderTest({
        http,
        token,
        handler,
        claims,
        db: db.db,
        tableName: TABLE,
        userId: owner.sub,
        expectedMembers: Math.min(MEMBERS_PAGE, options.users),
        ...layout,
      });
    const names = routeList().map((r) => ({ route: r.route, writes: r.writes === true }));
    if (scales.length === 0) {
      // DynamoDB Local's JVM is still compiling its hot paths: without this, the first table
      // size would be timed on a slower database than the second, flattering the growth.
      // The writes are left out: they would add thousands of documents before the first reads.
      progress(`warming up DynamoDB Local's JIT and the handlers: ${options.samples} untimed rounds of every read route and mode…`);
      for (const { route, writes } of names) {
        if (!writes) await withRuntime(`the warm-up of ${route}`, () => warmUp(routeList().find((r) => r.route === route) as RouteUnderTest, options.samples));
      }
    }
    // Reads first, the writes last: the reads see exactly the seeded documents.
    for (const { route } of names.filter((r) => !r.writes)) {
      latency.push(await withRuntime(route, () => sampleRoute(routeList().find((r) => r.route === route) as RouteUnderTest, options)));
      progress(`  ${route} done`);
    }
    // The writes each in a process of their own (route-worker.ts says why).
    for (const { route } of names.filter((r) => r.writes)) {
      const sampled = await withRuntime(route, () =>
        sampleInWorker(
          {
            route,
            counts: options,
            runtimeUrl: runtime.url,
            token,
            handlerEnvironment: handlerEnvironment(),
            context: {
              claims,
              tableName: TABLE,
              userId: owner.sub,
              expectedMembers: Math.min(MEMBERS_PAGE, options.users),
              dynamoEndpoint: db.endpoint,
              ...layout,
            },
          },
          {
            attempts: WORKER_ATTEMPTS,
            onRetry: (attempt, why) => {
              workerRestarts += 1;
              progress(`  the process timing ${route} died (${why}); starting it over (attempt ${attempt + 1} of ${WORKER_ATTEMPTS})`);
            },
          },
        ),
      );
      latency.push(sampled);
      progress(`  ${route} done (in a process of its own)`);
    }
    const capacity = await capacityPerRoute({
      endpoint: db.endpoint,
      tableName: TABLE,
      claims,
      requests: meteredRequests({ db: db.db, tableName: TABLE, ...layout }, { withoutParams: false }),
    });
    const logBytes = await logBytesPerRoute(loggingHandler, meteredRequests({ db: db.db, tableName: TABLE, ...layout }, { withoutParams: true }), claims);
    for (const c of capacity) {
      const bytes = logBytes.get(c.route);
      if (bytes !== undefined) c.logBytes = bytes;
    }
    scales.push({ users: options.users, documents, listProjectDocuments, seedMs, latency, capacity });
  }

  progress(`stream publisher: ${options.events.toLocaleString('en-US')} outbox events, end to end through the local runtime…`);
  await waitUntilQuiet({ javaPid: db.pid, checkpointFile: join(runtimeDir, `stream-checkpoints-${TABLE}.json`) });
  await runtime.queueIdle();
  const endToEnd = await withRuntime('the end-to-end publishing', () =>
    endToEndRate({ db: db.db, tableName: TABLE, runtimeUrl: runtime.url, events: documentEvents(options.events, owner.sub) }),
  );
  await waitUntilQuiet({ javaPid: db.pid, checkpointFile: join(runtimeDir, `stream-checkpoints-${TABLE}.json`) });
  await runtime.queueIdle();
  progress('stream publisher: the handler alone, to the fake EventBridge…');
  const publisherHandler = await loadPublisher(repositoryRoot, bus);
  await handlerRate(publisherHandler, bus, documentEvents(functionCatalog.outboxPublisher.trigger.batchSize * 2, owner.sub)); // warm-up
  const publisher: PublisherFigures = {
    events: options.events,
    batchSize: functionCatalog.outboxPublisher.trigger.batchSize,
    handler: await handlerRate(publisherHandler, bus, documentEvents(options.events, owner.sub)),
    endToEnd,
  };

  const results: BenchResults = {
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    startedAt: startedAt.toISOString(),
    attempt,
    totalMs: performance.now() - clock,
    options,
    machine,
    source,
    load: { atStart: loadAtStart, atEnd: loadAverage() },
    synth: { wallMs: synth.wallMs, otherFunctions: synth.otherFunctions },
    bundles,
    coldStarts,
    scales,
    publisher,
    runtimeRestarts: restarts,
    workerRestarts,
    targets: checkTargets(coldStarts, scales),
  };
  writeResults(RESULTS_FILE, results);
  console.log(`\n${renderReport(results)}\n\nWritten to ${RESULTS_FILE}`);
}
