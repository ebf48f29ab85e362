/**
 * One bench run, in the measuring process that run.ts supervises: synth and bundle sizes,
 * cold starts, warm latency at two table sizes, capacity per route; prints the tables and
 * writes the JSON. It stops everything it started; run.ts reaps what a crash leaves.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeJwt } from 'jose';
import { functionCatalog } from '../functions/catalog.js';
import { toApiGatewayClaims } from '../functions/local/jwt-authorizer.js';
import { SEEDED_USERS } from '../functions/local/oidc/seed-users.js';
import { startLocalRuntime } from '../functions/local/runtime.js';
import { buildBenchHandler, buildProbe, measureBundle } from './bundles.js';
import { capacityPerRoute } from './capacity.js';
import { runColdStarts } from './cold-start.js';
import { coldStartVariants } from './cold-start-variants.js';
import { startBenchDatabase } from './database.js';
import { startFakeEventBridge } from './fake-eventbridge.js';
import { keepAliveClient } from './http-client.js';
import { sampleRoute, warmUp } from './latency.js';
import { describeMachine, loadAverage } from './machine.js';
import { describeSource } from './source.js';
import type { BenchOptions } from './options.js';
import { waitUntilQuiet } from './quiet.js';
import { renderReport, writeResults } from './report.js';
import type { BenchResults, ScaleResults } from './results.js';
import { type ApiHandler, MEMBERS_PAGE, routesUnderTest } from './routes-under-test.js';
import { putUser, seedUsers } from './seed.js';
import { synthesize } from './synth.js';
import { checkTargets } from './targets.js';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const RESULTS_FILE = join(repositoryRoot, 'bench', 'results', 'latest.json');
const TABLE = 'ownstack-bench';

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

  progress('starting the local runtime on the same DynamoDB Local…');
  const runtimeDir = join(scratch, 'runtime');
  const runtime = await startLocalRuntime({ port: 0, dataDir: runtimeDir, fresh: true, quiet: true, dynamoEndpoint: db.endpoint, tableName: TABLE });
  cleanups.push(() => runtime.stop());
  const token = await runtime.tokenFor(owner.email);
  const claims = toApiGatewayClaims(decodeJwt(token));
  // The module the runtime loaded, with the environment it set: the same handler instance.
  const apiModule = (await import(pathToFileURL(join(repositoryRoot, functionCatalog.api.entry)).href)) as { handler?: unknown };
  if (typeof apiModule.handler !== 'function') throw new Error(`${functionCatalog.api.entry} exports no handler.`);
  const handler = apiModule.handler as ApiHandler;
  const http = keepAliveClient(runtime.url);
  cleanups.push(() => http.close());

  const scales: ScaleResults[] = [];
  let users = 1; // the owner
  for (const target of [options.smallUsers, ...(options.largeUsers ? [options.largeUsers] : [])]) {
    progress(`seeding to ${target.toLocaleString('en-US')} users…`);
    const seedMs = await seedUsers(
      db.db,
      TABLE,
      { from: users, to: target },
      {
        onProgress: (p) =>
          progress(
            `  seeded ${p.written.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} (${Math.round(p.written / (p.elapsedMs / 1000))} items/s)`,
          ),
      },
    );
    users = target;
    const waited = await waitUntilQuiet({ javaPid: db.pid, checkpointFile: join(runtimeDir, `stream-checkpoints-${TABLE}.json`) });
    progress(
      `stream poller and DynamoDB Local quiet after ${(waited / 1000).toFixed(0)} s; timing routes (${options.warmup} warm-up + ${options.samples} samples per mode)…`,
    );
    const latency = [];
    const routeList = routesUnderTest({
      http,
      token,
      handler,
      claims,
      db: db.db,
      tableName: TABLE,
      userId: owner.sub,
      expectedMembers: Math.min(MEMBERS_PAGE, users),
    });
    if (scales.length === 0) {
      // DynamoDB Local's JVM is still compiling its hot paths: without this, the first table
      // size would be timed on a slower database than the second, flattering the growth.
      progress(`warming up DynamoDB Local's JIT and the handlers: ${options.samples} untimed rounds of every route and mode…`);
      for (const route of routeList) await warmUp(route, options.samples);
    }
    for (const route of routeList) {
      latency.push(await sampleRoute(route, options));
      progress(`  ${route.route} done`);
    }
    const capacity = await capacityPerRoute({ endpoint: db.endpoint, tableName: TABLE, claims });
    scales.push({ users, seedMs, latency, capacity });
  }

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
    targets: checkTargets(coldStarts, scales),
  };
  writeResults(RESULTS_FILE, results);
  console.log(`\n${renderReport(results)}\n\nWritten to ${RESULTS_FILE}`);
}
