/**
 * Cold starts, each in a fresh `node` process: the probe imports the bundle (module load
 * and top-level init) and invokes the handler with each of the variant's events (usually
 * two: the first pays for lazy init such as the first connection; the second shows what
 * is left once that is done). Variants run in
 * rounds, interleaved, so a slow minute of the machine does not land on one variant.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbePlan, ProbeResult } from './probe/plan.js';
import { type Summary, summarize } from './stats.js';

type PlanWithoutResult = ProbePlan extends infer P ? (P extends unknown ? Omit<P, 'resultFile'> : never) : never;

export interface ColdStartVariant {
  id: string;
  /** What is measured, for the report. */
  label: string;
  /** The probe's working directory (Lambda runs in the code's folder). */
  cwd: string;
  /** The whole environment of the child: nothing leaks from the bench's own process. */
  env: Record<string, string>;
  /** A fresh plan per run (e.g. new event ids). */
  plan: () => PlanWithoutResult;
  /** Describes why an invocation's answer is not a success, or undefined if it is. */
  check?: (answer: unknown) => string | undefined;
}

export interface ColdStartFigures {
  id: string;
  label: string;
  runs: number;
  bootMs: Summary;
  loadMs: Summary;
  /** One summary per invocation of the run, in order (empty when the variant only loads). */
  invokeMs: Summary[];
  /** Load plus first invocation: what the first caller waits for beyond node's start. */
  coldMs: Summary;
}

export interface ColdStartOptions {
  runs: number;
  probePath: string;
  scratchDir: string;
  onProgress?: (message: string) => void;
}

export async function runColdStarts(variants: readonly ColdStartVariant[], options: ColdStartOptions): Promise<ColdStartFigures[]> {
  const results = new Map<string, ProbeResult[]>(variants.map((v) => [v.id, []]));
  // One untimed round first: it reads the bundles into the page cache, so every timed run
  // starts from the same disk state (a Lambda host's, not a freshly booted machine's).
  for (let round = 0; round <= options.runs; round++) {
    for (const variant of variants) {
      const result = await probe(variant, options, round);
      if (round > 0) results.get(variant.id)?.push(result);
    }
    if (round > 0) options.onProgress?.(`cold starts: round ${round}/${options.runs}`);
  }
  return variants.map((variant) => figuresOf(variant, results.get(variant.id) ?? []));
}

function figuresOf(variant: ColdStartVariant, runs: ProbeResult[]): ColdStartFigures {
  const invocations = Math.min(...runs.map((r) => r.invocations.length));
  return {
    id: variant.id,
    label: variant.label,
    runs: runs.length,
    bootMs: summarize(runs.map((r) => r.bootMs)),
    loadMs: summarize(runs.map((r) => r.loadMs)),
    invokeMs: Array.from({ length: invocations }, (_, i) => summarize(runs.map((r) => r.invocations[i]?.ms ?? Number.NaN))),
    coldMs: summarize(runs.map((r) => r.loadMs + (r.invocations[0]?.ms ?? 0))),
  };
}

async function probe(variant: ColdStartVariant, options: ColdStartOptions, round: number): Promise<ProbeResult> {
  const resultFile = join(options.scratchDir, `probe-${variant.id.replace(/[^a-z0-9]+/gi, '-')}-${round}.json`);
  const plan = { ...variant.plan(), resultFile } as ProbePlan;
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [options.probePath, JSON.stringify(plan)], {
      cwd: variant.cwd,
      env: variant.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('exit', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  let result: ProbeResult;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8')) as ProbeResult;
  } catch {
    throw new Error(`The cold-start probe for ${variant.label} wrote no result. Its stderr:\n${stderr.slice(-3000)}`);
  } finally {
    rmSync(resultFile, { force: true });
  }
  if (!result.ok) throw new Error(`Cold start of ${variant.label} failed: ${result.error}\n${stderr.slice(-3000)}`);
  for (const [index, invocation] of result.invocations.entries()) {
    const problem = variant.check?.(invocation.result);
    if (problem) throw new Error(`Cold start of ${variant.label}: invocation ${index + 1} did not succeed (${problem}).`);
  }
  return result;
}
