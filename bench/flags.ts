/**
 * Feature flag figures (issue 8): evaluation time per flag in a warm process, raw
 * (`evaluateFlag`) and through the OpenFeature client, over realistic flags of five rules
 * each; the time of `/api/me`'s every-flag evaluation; and the heap that 1,000 flag
 * definitions hold once loaded (parsed and indexed, after a full GC). In process, no I/O.
 * Runs alone (`npm run bench:flags`) and at the end of `npm run bench`; writes
 * bench/results/flags.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildSnapshot, type FleetState } from '../functions/flags/definitions-cache.js';
import { evaluateFlag, type FlagContext } from '../functions/flags/evaluate.js';
import { type FlagDefinition, flagDefinitionSchema } from '../functions/flags/model.js';
import { createFlagClient, flagContextOf } from '../functions/flags/provider.js';
import { describeMachine, loadAverage } from './machine.js';
import { table } from './report.js';
import { type Summary, summarize } from './stats.js';

const RESULTS_FILE = join(fileURLToPath(new URL('./results/', import.meta.url)), 'flags.json');
/** An installation's working set: a few dozen flags, a quarter of them with an installation layer too. */
const FLAGS_IN_USE = 50;
const USERS = 10_000;
const WARMUP = 20_000;
const EVALUATIONS = 200_000;
const EVALUATE_ALL_REQUESTS = 10_000;
const MEMORY_FLAGS = 1_000;
const MEMORY_RUNS = 5;
const retained: unknown[] = [];

const GROUPS = Array.from({ length: 20 }, (_, i) => `group-${i}`);
const ROLES = ['owner', 'admin', 'member', 'member', 'member', 'viewer'] as const;
const standing = { plan: 'enterprise' as const, features: ['audit-export', 'support-access'], ring: 1 as const, installationId: 'inst_0123456789abcdefghij' };

/** A release flag as a vendor writes one: testers, beta groups, owners in early rings, half the enterprise fleet, a quarter of everyone. */
function realisticFlag(i: number): FlagDefinition {
  const multivariate = i % 5 === 0;
  const variants = multivariate ? { control: 'control', compact: 'compact', wide: 'wide' } : { on: true, off: false };
  const [fallback, served] = multivariate ? ['control', 'compact'] : ['off', 'on'];
  return flagDefinitionSchema.parse({
    key: `${multivariate ? 'exp' : 'release'}_feature_${i}`,
    description: `Feature ${i}, rolled out gradually across the fleet.`,
    owner: `team-${i % 7}`,
    createdAt: '2026-10-01',
    expiresAt: '2027-03-31',
    variants,
    defaultVariant: fallback,
    rules: [
      {
        id: 'testers',
        description: 'Internal testers',
        when: { users: Array.from({ length: 25 }, (_, u) => `user-${(u * 397 + i) % USERS}`) },
        serve: { variant: served },
      },
      { id: 'beta-groups', when: { groups: [GROUPS[i % 20], GROUPS[(i + 7) % 20]] }, serve: { variant: served } },
      { id: 'early-owners', when: { roles: ['owner'], rings: [0, 1] }, serve: { variant: served } },
      { id: 'enterprise-half', when: { plans: ['enterprise'] }, serve: { rollout: { percentage: 50, variant: served, stickiness: 'installationId' } } },
      { id: 'everyone-quarter', when: {}, serve: { rollout: { percentage: 25, variant: served, stickiness: 'userId' } } },
    ],
    killed: false,
    version: 3,
  });
}

/** The installation's narrowing of a fleet flag: hold back contractors, open it to one group. */
function installationLayer(fleet: FlagDefinition): FlagDefinition {
  const [off, on] = Object.keys(fleet.variants).includes('on') ? ['off', 'on'] : ['control', 'compact'];
  return flagDefinitionSchema.parse({
    ...fleet,
    rules: [
      { id: 'no-contractors', when: { groups: ['group-19'] }, serve: { variant: off } },
      { id: 'support-team', when: { groups: ['group-3'], roles: ['admin', 'member'] }, serve: { variant: on } },
    ],
    version: 1,
  });
}

function userContext(n: number): { targetingKey: string; groups: string[]; role: string } {
  const groups = GROUPS.filter((_, g) => (n * 31 + g * 17) % 9 === 0).slice(0, 3);
  return { targetingKey: `user-${n}`, groups, role: ROLES[n % ROLES.length] as string };
}

const micro = (s: Summary) => ({ p50: round(s.median * 1000), p90: round(s.p90 * 1000), p99: round(s.p99 * 1000), mean: round(s.mean * 1000) });
const round = (v: number) => Math.round(v * 1000) / 1000;

function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap in use after full collections, each after a turn of the event loop (WeakRef targets live until their job ends). */
async function heapUsedAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Parses and indexes into `retained`, in a frame of its own: a local of the measuring loop
 * would still hold the previous run's definitions (a stale interpreter register) when the
 * next run's baseline is taken, and the runs after the first would measure nothing.
 */
function load(definitionsJson: string, fleet: FleetState): void {
  const parsed = (JSON.parse(definitionsJson) as unknown[]).map((d) => flagDefinitionSchema.parse(d));
  retained.push(buildSnapshot({ ...fleet, flags: parsed }, [], Date.now()));
}

/** The heap 1,000 definitions hold, as they arrive (JSON from the store or the license), parsed and indexed: the median of a few runs. */
async function heapOfDefinitions(gc: () => void, fleet: FleetState): Promise<{ jsonBytes: number; heapBytes: number; runs: number[] }> {
  const definitionsJson = JSON.stringify(Array.from({ length: MEMORY_FLAGS }, (_, i) => realisticFlag(i)));
  const runs: number[] = [];
  for (let run = 0; run < MEMORY_RUNS; run++) {
    const before = await heapUsedAfterGc(gc);
    load(definitionsJson, fleet);
    runs.push((await heapUsedAfterGc(gc)) - before);
    retained.length = 0;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { jsonBytes: definitionsJson.length, heapBytes: sorted[Math.floor(sorted.length / 2)] as number, runs };
}

export async function benchFlags() {
  const gc = gcFunction();
  const fleetFlags = Array.from({ length: FLAGS_IN_USE }, (_, i) => realisticFlag(i));
  const installationFlags = fleetFlags.filter((_, i) => i % 4 === 0).map(installationLayer);
  const fleet: FleetState = { flags: fleetFlags, flagsVersion: 1, ...standing };
  // Memory first, before the timings leave garbage behind.
  const memory = await heapOfDefinitions(gc, fleet);
  const snapshot = buildSnapshot(fleet, installationFlags, Date.now());
  const keys = [...snapshot.layers.keys()];
  const evalContexts = Array.from({ length: USERS }, (_, n) => userContext(n));
  const flagContexts: FlagContext[] = evalContexts.map((c) => flagContextOf(c, snapshot.standing));

  // Raw: the map lookup and evaluateFlag, as the provider does once it has the snapshot.
  const raw = (n: number) => evaluateFlag(snapshot.layers.get(keys[n % keys.length] as string) ?? {}, flagContexts[n % USERS] as FlagContext);
  let served = 0;
  for (let n = 0; n < WARMUP; n++) if (raw(n)?.reason !== 'DEFAULT') served += 1;
  const rawSamples = new Float64Array(EVALUATIONS);
  for (let n = 0; n < EVALUATIONS; n++) {
    const t = performance.now();
    raw(n);
    rawSamples[n] = performance.now() - t;
  }

  const opened = await createFlagClient({ domain: 'bench', sources: { fleet: async () => fleet, installation: async () => installationFlags } });
  const client = opened.client;
  const typed = (n: number) => {
    const key = keys[n % keys.length] as string;
    const context = evalContexts[n % USERS] as (typeof evalContexts)[number];
    return key.startsWith('exp_') ? client.getStringValue(key, 'control', context) : client.getBooleanValue(key, false, context);
  };
  for (let n = 0; n < WARMUP; n++) await typed(n);
  const clientSamples = new Float64Array(EVALUATIONS);
  for (let n = 0; n < EVALUATIONS; n++) {
    const t = performance.now();
    await typed(n);
    clientSamples[n] = performance.now() - t;
  }
  const errors = (await Promise.all(keys.map((k) => (k.startsWith('exp_') ? client.getStringDetails(k, 'x') : client.getBooleanDetails(k, false))))).filter(
    (d) => d.errorCode,
  );
  if (errors.length > 0) throw new Error(`The OpenFeature client failed to evaluate: ${errors[0]?.errorMessage}`);

  for (let n = 0; n < 1_000; n++) await opened.evaluateAll(evalContexts[n % USERS] as (typeof evalContexts)[number]);
  const allSamples = new Float64Array(EVALUATE_ALL_REQUESTS);
  for (let n = 0; n < EVALUATE_ALL_REQUESTS; n++) {
    const t = performance.now();
    await opened.evaluateAll(evalContexts[n % USERS] as (typeof evalContexts)[number]);
    allSamples[n] = performance.now() - t;
  }
  await opened.close();

  return {
    startedAt: new Date().toISOString(),
    machine: describeMachine(),
    load: loadAverage(),
    setup: {
      flagsInUse: keys.length,
      rulesPerFlag: 5,
      installationLayers: installationFlags.length,
      users: USERS,
      warmup: WARMUP,
      evaluations: EVALUATIONS,
      servedByARule: round(served / WARMUP),
    },
    perFlagMicroseconds: {
      raw: micro(summarize(rawSamples as unknown as number[])),
      openFeatureClient: micro(summarize(clientSamples as unknown as number[])),
    },
    evaluateAllMicroseconds: { flags: keys.length, requests: EVALUATE_ALL_REQUESTS, ...micro(summarize(allSamples as unknown as number[])) },
    memory: { flags: MEMORY_FLAGS, ...memory, heapBytesPerFlag: Math.round(memory.heapBytes / MEMORY_FLAGS) },
  };
}

export type FlagFigures = Awaited<ReturnType<typeof benchFlags>>;

export function renderFlagFigures(f: FlagFigures): string {
  const row = (name: string, s: { p50: number; p90: number; p99: number; mean: number }) => [
    name,
    s.p50.toFixed(2),
    s.p90.toFixed(2),
    s.p99.toFixed(2),
    s.mean.toFixed(2),
  ];
  return [
    `## Feature flags (warm, in process; ${f.setup.flagsInUse} flags of ${f.setup.rulesPerFlag} rules, ${f.setup.evaluations.toLocaleString('en-US')} evaluations; µs)`,
    '',
    table(
      ['evaluation', 'p50', 'p90', 'p99', 'mean'],
      [
        row('one flag, raw (evaluateFlag)', f.perFlagMicroseconds.raw),
        row('one flag, OpenFeature client', f.perFlagMicroseconds.openFeatureClient),
        row(`every flag (${f.evaluateAllMicroseconds.flags}), /api/me`, f.evaluateAllMicroseconds),
      ],
    ),
    '',
    `Memory: ${f.memory.flags.toLocaleString('en-US')} flag definitions (${(f.memory.jsonBytes / 1024).toFixed(0)} KiB of JSON) hold ${(f.memory.heapBytes / 2 ** 20).toFixed(2)} MiB of heap once parsed and indexed (${f.memory.heapBytesPerFlag.toLocaleString('en-US')} bytes per flag; median of ${f.memory.runs.length} runs after GC).`,
    `Load average at the end: ${f.load.join(', ')} on ${f.machine.cores} cores.`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const figures = await benchFlags();
  mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`${renderFlagFigures(figures)}\n\nWritten to ${RESULTS_FILE}`);
}
