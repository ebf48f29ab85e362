/**
 * A flag's versions, newest first: what changed (created, updated, deleted, reverted),
 * who and when, and Revert on any version that holds a definition, after a confirmation.
 * Reverting writes a new version equal to the old one; nothing is lost. Props in,
 * callback out.
 */
import { useId, useState } from 'react';
import type { FlagHistoryEntryView } from '../../api/flags-api.js';
import type { ApiProblem } from '../../api/problem.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { formatDateTime } from '../../format.js';
import { flagState } from '../../../../functions/flags/state.js';
import { statusLabel } from './flag-words.js';

const CHANGE_WORDS: Record<FlagHistoryEntryView['change'], string> = {
  created: 'Created',
  updated: 'Changed',
  deleted: 'Deleted',
  reverted: 'Reverted',
};

export interface FlagHistoryProps {
  history: readonly FlagHistoryEntryView[];
  /** The version in force; absent when the flag is deleted. */
  currentVersion?: number;
  /** Names the people in the history: user ids to display names. */
  nameOf?(userId: string): string;
  pending?: boolean;
  problem?: ApiProblem;
  /** Resolves true once reverted (the dialog then closes). */
  onRevert(version: number): Promise<boolean>;
}

export function FlagHistory({ history, currentVersion, nameOf = (id) => id, pending = false, problem, onRevert }: FlagHistoryProps) {
  const headingId = useId();
  const [asking, setAsking] = useState<FlagHistoryEntryView | undefined>();
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>History</h2>
      {history.length === 0 ? <p className="empty-state">No versions yet.</p> : null}
      <ol className="flag-history">
        {history.map((entry) => (
          <li key={entry.version} className="flag-history-entry">
            <div>
              <strong>
                Version {entry.version}: {CHANGE_WORDS[entry.change]}
                {entry.revertedFrom ? ` to version ${entry.revertedFrom}` : ''}
              </strong>
              {entry.version === currentVersion ? <span className="muted"> (in force)</span> : null}
              <p className="muted small">
                {formatDateTime(entry.at)} by {nameOf(entry.by)}. {entry.change === 'deleted' ? 'It was:' : 'Then:'}{' '}
                {statusLabel(flagState(entry.definition, entry.at.slice(0, 10)))}, {entry.definition.rules.length} rule(s), default “
                {entry.definition.defaultVariant}”.
              </p>
            </div>
            {entry.change !== 'deleted' && entry.version !== currentVersion ? (
              <button type="button" className="button button-small" disabled={pending} onClick={() => setAsking(entry)}>
                Revert to version {entry.version}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={asking !== undefined}
        title={`Revert to version ${asking?.version ?? ''}?`}
        confirmLabel="Revert"
        tone="primary"
        pending={pending}
        problem={problem}
        onCancel={() => setAsking(undefined)}
        onConfirm={async () => {
          if (asking && (await onRevert(asking.version))) setAsking(undefined);
        }}
      >
        <p>
          {currentVersion === undefined ? 'The flag is restored' : 'A new version is written'} with the rules, variants and kill switch of version{' '}
          {asking?.version}. It is in force within a minute everywhere.
        </p>
      </ConfirmDialog>
    </section>
  );
}
