/**
 * One fleet flag: key, description, owner and expiry; its state as a word (a badge that
 * repeats it); every percentage rollout as a slider with a progress bar of what is saved;
 * the kill switch; the rules in words, and Edit for the whole flag. The slider, the kill
 * switch and the editor are the installation's own flag components (pages/flags/), given
 * the fleet's conditions (plans, installations, rings). Every save sends the version shown,
 * so a concurrent change is a 412.
 */
import { useId, useState } from 'react';
import type { FlagRule, FlagTarget } from '../../../../functions/flags/model.js';
import { flagState } from '../../../../functions/flags/state.js';
import { useAction } from '../../api/use-action.js';
import { StateBadge } from '../../components/badges.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDate } from '../../format.js';
import { FlagEditor } from '../../pages/flags/flag-editor.js';
import { STATUS_WORDS, statusLabel } from '../../pages/flags/flag-words.js';
import { KillSwitch } from '../../pages/flags/kill-switch.js';
import { RolloutSlider } from '../../pages/flags/rollout-slider.js';
import { FLEET_CONDITIONS } from '../../pages/flags/rules-editor.js';
import { useAdminApi } from '../admin-context.js';
import type { FlagBody, FlagDefinition, FleetFlag } from '../api/admin-api.js';

/** The body of a PUT: the definition without what the control plane owns. */
export function bodyOf(flag: FlagDefinition): FlagBody {
  const { key: _key, version: _version, createdAt: _createdAt, ...body } = flag;
  return body;
}

export function FleetFlagCard({ flag, today, onSaved }: { flag: FleetFlag; today: string; onSaved(next: FleetFlag): void }) {
  const api = useAdminApi();
  const { announce } = useFeedback();
  const headingId = useId();
  const problemId = useId();
  const def = flag.definition;
  const state = flagState(def, today);
  const [editing, setEditing] = useState(false);
  const save = useAction((body: FlagBody) => api.saveFleetFlag(def.key, body, def.version));

  const saveWith = async (body: FlagBody, message: string) => {
    const next = await save.run(body);
    if (!next) return false;
    onSaved(next);
    announce(message);
    return true;
  };

  const setPercentage = (rule: FlagRule, percentage: number) =>
    saveWith(
      {
        ...bodyOf(def),
        rules: def.rules.map((r) => (r.id === rule.id && 'rollout' in r.serve ? { ...r, serve: { rollout: { ...r.serve.rollout, percentage } } } : r)),
      },
      `${def.key}: rule ${rule.id} now reaches ${percentage}% of ${'rollout' in rule.serve && rule.serve.rollout.stickiness === 'userId' ? 'users' : 'installations'}.`,
    );

  return (
    <article className="vendor-flag stack-sm" aria-labelledby={headingId}>
      <div className="section-header">
        <h3 id={headingId} className="vendor-flag-key">
          {def.key}
        </h3>
        <span className="button-row">
          <StateBadge label={statusLabel(state)} tone={STATUS_WORDS[state.status].tone} />
          {state.stale ? <StateBadge label="Stale" tone="warning" /> : null}
        </span>
      </div>
      <p>{def.description}</p>
      <p className="muted small">
        Owner {def.owner}; created {formatDate(def.createdAt)}; {state.stale ? 'expired' : 'expires'} {formatDate(def.expiresAt)}; version {def.version}
        {flag.updatedBy ? `, last changed by ${flag.updatedBy}` : ''}.
      </p>
      {editing ? (
        <FlagEditor
          initial={def}
          submitLabel="Save flag"
          pending={save.pending}
          problem={save.problem}
          conditions={FLEET_CONDITIONS}
          onEdit={save.reset}
          onCancel={() => {
            save.reset();
            setEditing(false);
          }}
          onSubmit={async (_key, body) => {
            if (await saveWith(body, `${def.key} saved: every installation gets the change with its next sync.`)) setEditing(false);
          }}
        />
      ) : (
        <>
          <h4 className="vendor-flag-rules-heading">Rules</h4>
          {def.rules.length === 0 ? (
            <p className="muted">No rules: everyone gets {def.defaultVariant}.</p>
          ) : (
            <ol className="vendor-flag-rules">
              {def.rules.map((rule) => (
                <li key={rule.id} className="stack-sm">
                  <p>
                    <strong>{rule.id}</strong>: {describeRule(rule)}
                  </p>
                  {'rollout' in rule.serve ? (
                    <RolloutSlider
                      label={`Rollout of ${def.key}, rule ${rule.id}`}
                      percentage={rule.serve.rollout.percentage}
                      stickiness={rule.serve.rollout.stickiness}
                      pending={save.pending}
                      disabled={def.killed}
                      onCommit={(percentage) => void setPercentage(rule, percentage)}
                    />
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          <p className="muted small">Otherwise: {def.defaultVariant}.</p>
          <div className="button-row">
            <KillSwitch
              flagKey={def.key}
              killed={def.killed}
              defaultVariant={def.defaultVariant}
              pending={save.pending}
              problem={save.problem}
              audience="every installation, with its next license sync,"
              onChange={(killed) =>
                saveWith(
                  { ...bodyOf(def), killed },
                  killed ? `${def.key} is killed: every installation serves its default with its next sync.` : `${def.key} is live again.`,
                )
              }
            />
            <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> {def.key}</span>
            </button>
          </div>
          {save.problem ? <InlineProblem problem={save.problem} id={problemId} /> : null}
        </>
      )}
    </article>
  );
}

/** "rings 0, 1: 25% of installations get on". */
export function describeRule(rule: FlagRule): string {
  const who = describeTarget(rule.when);
  if ('variant' in rule.serve) return `${who}: ${rule.serve.variant}`;
  const { percentage, variant, stickiness } = rule.serve.rollout;
  return `${who}: ${percentage}% of ${stickiness === 'installationId' ? 'installations' : 'users'} get ${variant}`;
}

function describeTarget(when: FlagTarget): string {
  const parts: string[] = [];
  if (when.rings?.length) parts.push(`${when.rings.length === 1 ? 'ring' : 'rings'} ${when.rings.join(', ')}`);
  if (when.plans?.length) parts.push(`plan ${when.plans.join(' or ')}`);
  if (when.installations?.length) parts.push(when.installations.length === 1 ? '1 installation' : `${when.installations.length} installations`);
  if (when.roles?.length) parts.push(`role ${when.roles.join(' or ')}`);
  if (when.groups?.length) parts.push(when.groups.length === 1 ? '1 group' : `${when.groups.length} groups`);
  if (when.users?.length) parts.push(when.users.length === 1 ? '1 user' : `${when.users.length} users`);
  return parts.length === 0 ? 'Everyone' : parts.join(', ');
}
