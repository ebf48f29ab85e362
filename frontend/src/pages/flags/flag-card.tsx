/**
 * One flag in the list: key and kind, where it is defined (this installation or the
 * vendor's fleet), its state in words, stale when past its expiry; for installation flags
 * a slider per percentage rollout and the kill switch, saved with the version shown.
 */
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { FlagView } from '../../api/flags-api.js';
import { useAction } from '../../api/use-action.js';
import { StateBadge } from '../../components/badges.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDate } from '../../format.js';
import { KillSwitch } from './kill-switch.js';
import { KIND_WORDS, kindOf, STATUS_WORDS, statusLabel } from './flag-words.js';
import { RolloutSlider } from './rollout-slider.js';

export function FlagCard({ flag, onSaved }: { flag: FlagView; onSaved(next: FlagView): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const headingId = useId();
  const def = flag.definition;
  const editable = flag.source === 'installation';
  const kind = kindOf(def.key);
  const patch = useAction((change: Parameters<typeof api.patchFlag>[1]) => api.patchFlag(def.key, change, def.version));

  const save = async (change: Parameters<typeof api.patchFlag>[1], message: string) => {
    const next = await patch.run(change);
    if (!next) return false;
    onSaved(next);
    announce(message);
    return true;
  };

  return (
    <article className="card flag-card stack-sm" aria-labelledby={headingId}>
      <div className="flag-card-header">
        <h3 id={headingId} className="flag-key">
          <Link to={`/flags/${encodeURIComponent(def.key)}`}>{def.key}</Link>
        </h3>
        <span className="button-row">
          <span className="badge badge-kind" title={KIND_WORDS[kind]}>
            {kind}
          </span>
          <span className="badge badge-source">{flag.source === 'fleet' ? 'Fleet (vendor)' : 'This installation'}</span>
          <StateBadge label={statusLabel(flag.state)} tone={STATUS_WORDS[flag.state.status].tone} />
          {flag.state.stale ? <StateBadge label="Stale" tone="warning" /> : null}
        </span>
      </div>
      <p>{def.description}</p>
      <p className="muted small">
        Owner {def.owner} · expires {formatDate(def.expiresAt)}
        {flag.state.stale ? ' (past: remove it from the code, then here)' : ''} · version {def.version}
        {def.requiresFeature ? ` · needs plan feature ${def.requiresFeature}` : ''}
      </p>
      {flag.state.rollouts.map((rollout) =>
        editable ? (
          <RolloutSlider
            key={rollout.ruleId}
            label={`Rollout of ${def.key}, rule ${rollout.ruleId}${rollout.everyone ? ' (everyone)' : ''}`}
            percentage={rollout.percentage}
            stickiness={rollout.stickiness}
            pending={patch.pending}
            disabled={def.killed}
            onCommit={(percentage) =>
              void save({ rollout: { ruleId: rollout.ruleId, percentage } }, `${def.key}: rule ${rollout.ruleId} now rolls out to ${percentage}%.`)
            }
          />
        ) : (
          <div key={rollout.ruleId} className="rollout-progress">
            <progress className="progress" max={100} value={rollout.percentage} aria-label={`Rollout of ${def.key}, rule ${rollout.ruleId}`} />
            <span className="muted small">
              {rollout.percentage}% (rule {rollout.ruleId}), set by the vendor
            </span>
          </div>
        ),
      )}
      {editable ? (
        <div className="button-row">
          <KillSwitch
            flagKey={def.key}
            killed={def.killed}
            defaultVariant={def.defaultVariant}
            pending={patch.pending}
            problem={patch.problem}
            onChange={(killed) => save({ killed }, killed ? `${def.key} is killed: everyone gets “${def.defaultVariant}”.` : `${def.key} is live again.`)}
          />
          <Link className="button button-secondary" to={`/flags/${encodeURIComponent(def.key)}`}>
            Rules and history<span className="visually-hidden"> of {def.key}</span>
          </Link>
        </div>
      ) : null}
      {patch.problem ? <InlineProblem problem={patch.problem} /> : null}
    </article>
  );
}
