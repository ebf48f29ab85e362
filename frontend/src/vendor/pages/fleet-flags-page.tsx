/**
 * Fleet flags: defined here, signed into every installation's license, in force there with
 * its next license sync. The list shows each flag's state in words, each percentage rollout
 * as a slider with a progress bar, the kill switch and the rules; new flags and edits use
 * the installation's flag editor (pages/flags/) with the fleet's conditions.
 */
import { useCallback, useId, useState } from 'react';
import { flagState, isoDate } from '../../../../functions/flags/state.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import { useFeedback } from '../../components/feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { FlagEditor } from '../../pages/flags/flag-editor.js';
import { FLEET_CONDITIONS } from '../../pages/flags/rules-editor.js';
import { useAdminApi } from '../admin-context.js';
import type { FlagBody, FleetFlag } from '../api/admin-api.js';
import { FleetFlagCard } from './fleet-flag-card.js';

export function FleetFlagsPage() {
  const api = useAdminApi();
  const headingId = useId();
  const flags = useResource(useCallback((signal: AbortSignal) => api.listFleetFlags(signal), [api]));
  const today = isoDate(new Date());
  const replace = (next: FleetFlag) =>
    flags.update((items) => {
      const others = items.filter((f) => f.definition.key !== next.definition.key);
      return [...others, next].sort((a, b) => a.definition.key.localeCompare(b.definition.key));
    });

  return (
    <PageFrame
      title="Fleet flags"
      description="Flags for every installation, delivered signed inside the license; a change is in force with each installation’s next sync."
    >
      <div className="page-body stack-lg">
        <section className="card stack" aria-labelledby={headingId} aria-busy={flags.status === 'loading'}>
          <h2 id={headingId}>Flags</h2>
          {flags.status === 'loading' ? <StatusMessage>Loading fleet flags…</StatusMessage> : null}
          {flags.status === 'error' ? <ProblemMessage problem={flags.problem} onRetry={flags.retry} /> : null}
          {flags.status === 'ready' && flags.data.length === 0 ? <p className="empty-state">No fleet flags yet.</p> : null}
          {flags.status === 'ready' && flags.data.length > 0 ? (
            <>
              <p className="muted small">
                {flags.data.length === 1 ? '1 flag' : `${flags.data.length} flags`}; {summary(flags.data.map((f) => flagState(f.definition, today)))}
              </p>
              <ul className="vendor-flag-list">
                {flags.data.map((flag) => (
                  <li key={flag.definition.key}>
                    <FleetFlagCard flag={flag} today={today} onSaved={replace} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <NewFleetFlag
          onCreated={(created) => {
            if (flags.status === 'ready') replace(created);
            else flags.refresh();
          }}
        />
      </div>
    </PageFrame>
  );
}

function summary(states: { killed: boolean; stale: boolean }[]): string {
  const killed = states.filter((s) => s.killed).length;
  const stale = states.filter((s) => s.stale).length;
  return `${killed} killed, ${stale} stale.`;
}

function NewFleetFlag({ onCreated }: { onCreated(flag: FleetFlag): void }) {
  const api = useAdminApi();
  const { announce } = useFeedback();
  const headingId = useId();
  // A new editor (fresh draft) after each creation.
  const [round, setRound] = useState(0);
  const create = useAction((key: string, body: FlagBody) => api.saveFleetFlag(key, body));
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>New fleet flag</h2>
      <FlagEditor
        key={round}
        submitLabel="Create flag"
        pending={create.pending}
        problem={create.problem}
        conditions={FLEET_CONDITIONS}
        onEdit={create.reset}
        onSubmit={async (key, body) => {
          const created = await create.run(key, body);
          if (!created) return;
          onCreated(created);
          setRound((n) => n + 1);
          announce(`${key} created: installations get it with their next license sync.`);
        }}
      />
    </section>
  );
}
