/**
 * The ordered rules of a flag: add, remove and reorder (first match wins), each with its
 * conditions (every listed condition must hold; within one, any value) and what it serves,
 * a variant or a sticky percentage rollout. Props in, callbacks out: used by the flag
 * editor here and by the vendor console for fleet flags (with installations and rings).
 */
import { useId } from 'react';
import type { ProblemIssue } from '../../api/problem.js';
import { issuesAt, newRuleDraft, PLAN_IDS, ROLE_IDS, type RuleDraft, type VariantDraft } from './flag-draft.js';
import type { PlanId, Ring } from '../../../../functions/flags/model.js';

export type ConditionKind = 'users' | 'groups' | 'roles' | 'plans' | 'installations' | 'rings';

/** What an installation's admin targets; the vendor adds installations and rings. */
export const INSTALLATION_CONDITIONS: readonly ConditionKind[] = ['users', 'groups', 'roles', 'plans'];
export const FLEET_CONDITIONS: readonly ConditionKind[] = ['plans', 'installations', 'rings'];

const RING_WORDS: Record<Ring, string> = { 0: 'Ring 0 (the vendor’s own)', 1: 'Ring 1 (beta customers)', 2: 'Ring 2 (everyone)' };

export interface RulesEditorProps {
  rules: readonly RuleDraft[];
  variants: readonly VariantDraft[];
  onChange(rules: RuleDraft[]): void;
  /** The API's field reasons from the last save (pointers under /rules). */
  issues?: readonly ProblemIssue[];
  /** @default INSTALLATION_CONDITIONS */
  conditions?: readonly ConditionKind[];
  disabled?: boolean;
}

export function RulesEditor({ rules, variants, onChange, issues, conditions = INSTALLATION_CONDITIONS, disabled = false }: RulesEditorProps) {
  const update = (index: number, change: Partial<RuleDraft>) => onChange(rules.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(index, 1);
    if (rule) next.splice(index + by, 0, rule);
    onChange(next);
  };
  return (
    <div className="stack">
      {issuesAt(issues, '/rules').map((message) => (
        <p key={message} className="form-error">
          {message}
        </p>
      ))}
      {rules.length === 0 ? <p className="muted">No rules: everyone gets the default variant.</p> : null}
      <ol className="rule-list">
        {rules.map((rule, index) => (
          <li key={rule.uid}>
            <RuleCard
              rule={rule}
              index={index}
              count={rules.length}
              variants={variants}
              conditions={conditions}
              issues={issuesAt(issues, `/rules/${index}`, true)}
              disabled={disabled}
              onChange={(change) => update(index, change)}
              onMove={(by) => move(index, by)}
              onRemove={() => onChange(rules.filter((_, i) => i !== index))}
            />
          </li>
        ))}
      </ol>
      <p>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || rules.length >= 50}
          onClick={() => onChange([...rules, newRuleDraft(rules.length, variants)])}
        >
          Add rule
        </button>
      </p>
    </div>
  );
}

interface RuleCardProps {
  rule: RuleDraft;
  index: number;
  count: number;
  variants: readonly VariantDraft[];
  conditions: readonly ConditionKind[];
  issues: string[];
  disabled: boolean;
  onChange(change: Partial<RuleDraft>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

function RuleCard({ rule, index, count, variants, conditions, issues, disabled, onChange, onMove, onRemove }: RuleCardProps) {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const label = `Rule ${index + 1}`;
  const toggle = <T,>(values: readonly T[], value: T, on: boolean) => (on ? [...values, value] : values.filter((v) => v !== value));
  const text = (name: 'users' | 'groups' | 'installations', title: string, hint: string) =>
    conditions.includes(name) ? (
      <div className="field field-grow">
        <label htmlFor={id(name)}>{title}</label>
        <input
          id={id(name)}
          className="input"
          value={rule[name]}
          disabled={disabled}
          aria-describedby={id(`${name}-hint`)}
          onChange={(e) => onChange({ [name]: e.target.value })}
        />
        <span id={id(`${name}-hint`)} className="field-hint">
          {hint}
        </span>
      </div>
    ) : null;

  return (
    <fieldset className="card rule-card stack-sm" aria-describedby={issues.length ? id('issues') : undefined}>
      <legend>
        {label}: {rule.id || 'unnamed'}
      </legend>
      {issues.length ? (
        <ul id={id('issues')} className="form-error issue-list">
          {issues.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      <div className="form-row form-row-top">
        <div className="field">
          <label htmlFor={id('id')}>Rule id</label>
          <input
            id={id('id')}
            className="input input-mono"
            value={rule.id}
            disabled={disabled}
            required
            maxLength={40}
            onChange={(e) => onChange({ id: e.target.value })}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor={id('description')}>Rule description</label>
          <input
            id={id('description')}
            className="input"
            value={rule.description}
            disabled={disabled}
            maxLength={200}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        </div>
      </div>
      <p className="muted small">Who: every condition filled in must hold; leave all empty for everyone.</p>
      <div className="form-row form-row-top">
        {text('users', 'Users', 'User ids, separated by commas.')}
        {text('groups', 'Groups', 'Group ids, separated by commas.')}
        {text('installations', 'Installations', 'Installation ids (inst_…), separated by commas.')}
      </div>
      {conditions.includes('roles') ? (
        <CheckboxRow
          legend="Roles"
          values={ROLE_IDS}
          checked={rule.roles}
          disabled={disabled}
          onToggle={(v, on) => onChange({ roles: toggle(rule.roles, v, on) })}
        />
      ) : null}
      {conditions.includes('plans') ? (
        <CheckboxRow
          legend="Plans"
          values={PLAN_IDS}
          checked={rule.plans}
          disabled={disabled}
          onToggle={(v, on) => onChange({ plans: toggle<PlanId>(rule.plans, v, on) })}
        />
      ) : null}
      {conditions.includes('rings') ? (
        <CheckboxRow
          legend="Rings"
          values={[0, 1, 2] as const}
          words={RING_WORDS}
          checked={rule.rings}
          disabled={disabled}
          onToggle={(v, on) => onChange({ rings: toggle<Ring>(rule.rings, v, on) })}
        />
      ) : null}
      <div className="form-row form-row-top">
        <div className="field">
          <label htmlFor={id('serve')}>Serves</label>
          <select
            id={id('serve')}
            className="select"
            value={rule.serve}
            disabled={disabled}
            onChange={(e) => onChange({ serve: e.target.value as RuleDraft['serve'] })}
          >
            <option value="rollout">A percentage rollout</option>
            <option value="variant">A variant to all of them</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('variant')}>Variant</label>
          <select id={id('variant')} className="select" value={rule.variant} disabled={disabled} onChange={(e) => onChange({ variant: e.target.value })}>
            {variants.map((v) => (
              <option key={v.uid} value={v.key}>
                {v.key}
              </option>
            ))}
          </select>
        </div>
        {rule.serve === 'rollout' ? (
          <>
            <div className="field">
              <label htmlFor={id('percentage')}>Percentage</label>
              <input
                id={id('percentage')}
                className="input input-narrow"
                type="number"
                min={0}
                max={100}
                step={0.1}
                value={rule.percentage}
                disabled={disabled}
                onChange={(e) => onChange({ percentage: Number(e.target.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('stickiness')}>Sticky on</label>
              <select
                id={id('stickiness')}
                className="select"
                value={rule.stickiness}
                disabled={disabled}
                onChange={(e) => onChange({ stickiness: e.target.value as RuleDraft['stickiness'] })}
              >
                <option value="userId">the user</option>
                <option value="installationId">the installation</option>
              </select>
            </div>
          </>
        ) : null}
      </div>
      <div className="button-row">
        <button type="button" className="button button-small" disabled={disabled || index === 0} onClick={() => onMove(-1)}>
          Move up<span className="visually-hidden"> {label}</span>
        </button>
        <button type="button" className="button button-small" disabled={disabled || index === count - 1} onClick={() => onMove(1)}>
          Move down<span className="visually-hidden"> {label}</span>
        </button>
        <button type="button" className="button button-small button-danger" disabled={disabled} onClick={onRemove}>
          Remove<span className="visually-hidden"> {label}</span>
        </button>
      </div>
    </fieldset>
  );
}

function CheckboxRow<T extends string | number>(props: {
  legend: string;
  values: readonly T[];
  words?: Record<T, string>;
  checked: readonly T[];
  disabled: boolean;
  onToggle(value: T, on: boolean): void;
}) {
  const base = useId();
  return (
    <fieldset className="checkbox-row">
      <legend>{props.legend}</legend>
      {props.values.map((value) => (
        <span key={String(value)} className="checkbox">
          <input
            id={`${base}-${value}`}
            type="checkbox"
            checked={props.checked.includes(value)}
            disabled={props.disabled}
            onChange={(e) => props.onToggle(value, e.target.checked)}
          />
          <label htmlFor={`${base}-${value}`}>{props.words?.[value] ?? String(value)}</label>
        </span>
      ))}
    </fieldset>
  );
}
