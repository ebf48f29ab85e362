/**
 * What the pipeline makes of CloudFormation's statuses: whether a change set is ready to
 * run, and whether an update went through, is still going, or was rolled back (by a
 * failed resource or by one of the rollback-trigger alarms). Pure, so every status is
 * tested without AWS.
 */

export type ChangeSetReadiness = 'pending' | 'ready' | 'empty' | 'failed';

/** From DescribeChangeSet's Status and StatusReason. */
export function changeSetReadiness(status: string | undefined, reason = ''): ChangeSetReadiness {
  if (status === 'CREATE_COMPLETE') return 'ready';
  if (status === 'CREATE_PENDING' || status === 'CREATE_IN_PROGRESS') return 'pending';
  // Same template and parameters: nothing to deploy, which is not an error.
  if (status === 'FAILED' && /didn't contain changes|No updates are to be performed/i.test(reason)) return 'empty';
  return 'failed';
}

export type DeploymentOutcome = 'in-progress' | 'succeeded' | 'rolled-back' | 'failed';

/** From the stack's StackStatus after ExecuteChangeSet. */
export function deploymentOutcome(stackStatus: string | undefined): DeploymentOutcome {
  switch (stackStatus) {
    case 'UPDATE_COMPLETE':
      return 'succeeded';
    case 'UPDATE_ROLLBACK_COMPLETE':
      return 'rolled-back';
    case 'UPDATE_IN_PROGRESS':
    case 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS':
    case 'UPDATE_ROLLBACK_IN_PROGRESS':
    case 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS':
      return 'in-progress';
    default:
      // UPDATE_ROLLBACK_FAILED and anything unexpected: a person must look.
      return 'failed';
  }
}

/** The health answer the smoke test expects: the API answers, and answers as the new version. */
export function smokeVerdict(health: { status: number; body: unknown } | { error: string }, expectedVersion: string): { ok: boolean; detail: string } {
  if ('error' in health) return { ok: false, detail: `GET /api/health failed: ${health.error}` };
  if (health.status !== 200) return { ok: false, detail: `GET /api/health answered ${health.status}` };
  const version = (health.body as { version?: unknown } | null)?.version;
  if (version !== expectedVersion) return { ok: false, detail: `GET /api/health answers version ${String(version)}, not ${expectedVersion}` };
  return { ok: true, detail: `GET /api/health answers ${expectedVersion}` };
}
