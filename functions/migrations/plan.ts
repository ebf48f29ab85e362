/**
 * What the upgrade runs after the stack update, in order: every migration's expand until
 * it completes, then its contract once the deployed version is later both than the one
 * that introduced it and than the one that completed its expand (so the version that may
 * still run, or be rolled back to, reads the new shape: an installation that jumps over
 * the introducing release expands now and contracts at its next upgrade). Stops at the
 * first step with more to do: the caller invokes again until done.
 */
import { readCheckpoint } from './checkpoint.js';
import type { Migration } from './migration.js';
import { type MigrationDeps, runStep, type StepOptions, type StepOutcome } from './runner.js';

export interface PendingOutcome {
  /** True when every step due at this version has completed. */
  done: boolean;
  steps: StepOutcome[];
}

/** -1, 0 or 1; `major.minor.patch`, a pre-release (`-dev`) before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export const contractDue = (migration: Migration, deployedVersion: string, expandedAtVersion: string | undefined) =>
  compareVersions(deployedVersion, migration.introducedIn) > 0 && expandedAtVersion !== undefined && compareVersions(deployedVersion, expandedAtVersion) > 0;

export async function runPendingMigrations(
  deps: MigrationDeps,
  migrations: readonly Migration[],
  options: StepOptions & { deployedVersion: string },
): Promise<PendingOutcome> {
  const steps: StepOutcome[] = [];
  for (const migration of migrations) {
    const expanded = await readCheckpoint(deps.db, deps.tableName, migration.id, 'expand');
    if (expanded?.status !== 'completed') {
      const outcome = await runStep(deps, migration, 'expand', options);
      steps.push(outcome);
      // Whether it completed now or not, its contract waits for a later version.
      if (outcome.status === 'more') return { done: false, steps };
      continue;
    }
    if (!contractDue(migration, options.deployedVersion, expanded.completedAtVersion)) continue;
    const contracted = await readCheckpoint(deps.db, deps.tableName, migration.id, 'contract');
    if (contracted?.status === 'completed') continue;
    const outcome = await runStep(deps, migration, 'contract', options);
    steps.push(outcome);
    if (outcome.status === 'more') return { done: false, steps };
  }
  return { done: true, steps };
}

/** Each migration's steps and their checkpoints, for the operator (and the upgrade's smoke test). */
export async function migrationStatus(deps: Pick<MigrationDeps, 'db' | 'tableName'>, migrations: readonly Migration[]) {
  return Promise.all(
    migrations.map(async (m) => ({
      id: m.id,
      description: m.description,
      expand: (await readCheckpoint(deps.db, deps.tableName, m.id, 'expand')) ?? null,
      contract: (await readCheckpoint(deps.db, deps.tableName, m.id, 'contract')) ?? null,
    })),
  );
}
