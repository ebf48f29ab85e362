/**
 * What a quota-exceeded problem becomes: not an error to retry but a plain statement of
 * which limit was hit, how much is used of how much, and what upgrading would change.
 * Nothing was written (the API checks the quota in the same transaction as the write), so
 * the user's input stays where it was.
 */
import { useId } from 'react';
import { useMe } from '../api/me-context.js';
import type { ApiProblem } from '../api/problem.js';
import { formatBytes, formatCount } from '../format.js';
import { InlineProblem } from './problem-message.js';

const METERS: Record<string, { noun: string; format(value: number): string; freeUp: string }> = {
  projects: {
    noun: 'projects',
    format: formatCount,
    freeUp: 'Move a project you no longer need to the trash: trashed projects stop counting.',
  },
  documents: {
    noun: 'documents',
    format: formatCount,
    freeUp: 'Move documents you no longer need to the trash: trashed documents stop counting.',
  },
  storageBytes: { noun: 'attachment storage', format: formatBytes, freeUp: 'Delete attachments you no longer need to free storage.' },
};

export function UpgradePrompt({ problem, id }: { problem: ApiProblem; id?: string }) {
  const headingId = useId();
  const me = useMe();
  const meterName = typeof problem.extensions.meter === 'string' ? problem.extensions.meter : undefined;
  const meter = (meterName && METERS[meterName]) || undefined;
  const limit = typeof problem.extensions.limit === 'number' ? problem.extensions.limit : undefined;
  const used = typeof problem.extensions.used === 'number' ? problem.extensions.used : undefined;
  const plan = me.status === 'ready' ? me.data.entitlements.plan : undefined;
  const noun = meter?.noun ?? 'this resource';
  const format = meter?.format ?? formatCount;

  return (
    <section className="panel upgrade-prompt stack-sm" role="alert" aria-labelledby={headingId} id={id}>
      <h2 id={headingId} className="upgrade-prompt-title">
        Limit reached: {noun}
      </h2>
      <p>
        {used !== undefined && limit !== undefined ? (
          <>
            <strong>
              {format(used)} of {format(limit)}
            </strong>{' '}
            {meter ? `${noun} ` : ''}used
            {plan ? (
              <>
                {' '}
                on the <span className="capitalize">{plan}</span> plan
              </>
            ) : null}
            , so this could not be added. Nothing was changed.
          </>
        ) : (
          (problem.detail ?? 'A limit of your plan was reached, so this could not be added. Nothing was changed.')
        )}
      </p>
      <p>
        <strong>Upgrading</strong> to a paid plan raises the limits on projects, documents and storage. An owner of this installation upgrades by installing a
        license; ask them, and try again afterwards.
      </p>
      {meter ? <p className="muted">{meter.freeUp}</p> : null}
    </section>
  );
}

/** A failed write: the upgrade prompt for a quota, the inline problem for anything else. */
export function WriteProblem({ problem, id }: { problem: ApiProblem; id?: string }) {
  return problem.isQuotaExceeded ? <UpgradePrompt problem={problem} id={id} /> : <InlineProblem problem={problem} id={id} />;
}
