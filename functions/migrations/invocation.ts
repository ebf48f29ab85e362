/**
 * One invocation of the migrations function by the upgrade (after the stack update, before
 * the smoke test): validates the request, sets the deadline inside the Lambda's remaining
 * time, and runs what is pending or reports the checkpoints. The caller invokes again while
 * the answer says `done: false`; every invocation continues from the checkpoints.
 */
import { z } from 'zod';
import type { Migration } from './migration.js';
import { migrationStatus, runPendingMigrations } from './plan.js';
import type { MigrationDeps } from './runner.js';

export const migrationRequest = z
  .object({
    /** `run` (default) does pending steps; `status` only reads the checkpoints. */
    action: z.enum(['run', 'status']).default('run'),
    /** Stop starting new items after this long. @default the Lambda's remaining time less a margin */
    budgetSeconds: z.number().int().min(1).max(900).optional(),
    /** Parallel scan segments of a step's first run. @default 1 */
    segments: z.number().int().min(1).max(16).default(1),
  })
  .strict();
export type MigrationRequest = z.input<typeof migrationRequest>;

/** Left for the final checkpoint and the reply after the last item started. */
const SAFETY_MARGIN_MS = 10_000;

export async function handleMigrationRequest(
  deps: MigrationDeps,
  migrations: readonly Migration[],
  request: unknown,
  runtime: { deployedVersion: string; remainingMs: number },
) {
  const input = migrationRequest.parse(request ?? {});
  if (input.action === 'status') return { done: undefined, migrations: await migrationStatus(deps, migrations) };
  const allowed = Math.max(0, runtime.remainingMs - SAFETY_MARGIN_MS);
  const budget = input.budgetSeconds === undefined ? allowed : Math.min(allowed, input.budgetSeconds * 1000);
  return runPendingMigrations(deps, migrations, {
    deadline: deps.clock.now().getTime() + budget,
    segments: input.segments,
    deployedVersion: runtime.deployedVersion,
  });
}
