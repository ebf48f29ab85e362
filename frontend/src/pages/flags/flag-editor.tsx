/**
 * The whole flag as a form: key (new flags only: the kind prefix says why it exists),
 * description, owner, expiry, variants and default, an optional plan feature, and the
 * rules. The API validates; its reasons show beside the fields they name. Props in,
 * callbacks out, so the vendor console edits fleet flags with it too.
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { FlagBody, FlagDefinition } from '../../api/flags-api.js';
import type { ApiProblem } from '../../api/problem.js';
import { InlineProblem } from '../../components/problem-message.js';
import { bodyOf, draftOf, type FlagDraft, issuesAt, newFlagDraft, uid } from './flag-draft.js';
import { KIND_WORDS } from './flag-words.js';
import { type ConditionKind, RulesEditor } from './rules-editor.js';

export interface FlagEditorProps {
  /** The flag to edit; absent for a new one (then the key is asked for). */
  initial?: FlagDefinition;
  submitLabel: string;
  pending?: boolean;
  /** The last save's problem: its field reasons show beside the fields. */
  problem?: ApiProblem;
  onSubmit(key: string, body: FlagBody): void;
  onCancel?(): void;
  /** Any edit: lets the parent forget the last problem. */
  onEdit?(): void;
  conditions?: readonly ConditionKind[];
}

export function FlagEditor({ initial, submitLabel, pending = false, problem, onSubmit, onCancel, onEdit, conditions }: FlagEditorProps) {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const [draft, setDraft] = useState<FlagDraft>(() => (initial ? draftOf(initial) : newFlagDraft()));
  const issues = problem?.errors;
  const change = (next: Partial<FlagDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    onEdit?.();
  };
  const fieldIssues = (pointer: string) => issuesAt(issues, pointer, true);
  const invalid = (pointer: string) => (fieldIssues(pointer).length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': id(`${pointer}-issues`) } : {});
  const reasons = (pointer: string) =>
    fieldIssues(pointer).length > 0 ? (
      <span id={id(`${pointer}-issues`)} className="form-error">
        {fieldIssues(pointer).join(' ')}
      </span>
    ) : null;
  const kind = draft.key.slice(0, draft.key.indexOf('_')) as keyof typeof KIND_WORDS;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft.key.trim(), bodyOf(draft));
  };

  return (
    <form className="form-stack" onSubmit={submit} noValidate>
      {initial ? null : (
        <div className="field">
          <label htmlFor={id('key')}>Key</label>
          <input
            id={id('key')}
            className="input input-mono input-medium"
            value={draft.key}
            required
            maxLength={68}
            disabled={pending}
            aria-describedby={id('key-hint')}
            onChange={(e) => change({ key: e.target.value })}
          />
          <span id={id('key-hint')} className="field-hint">
            A kind prefix, then lower-case letters, digits and underscores: release_, exp_, ops_ or tier_. {KIND_WORDS[kind] ?? ''}
          </span>
        </div>
      )}
      <div className="field">
        <label htmlFor={id('description')}>Description</label>
        <input
          id={id('description')}
          className="input"
          value={draft.description}
          required
          maxLength={500}
          disabled={pending}
          {...invalid('/description')}
          onChange={(e) => change({ description: e.target.value })}
        />
        {reasons('/description')}
      </div>
      <div className="form-row form-row-top">
        <div className="field field-grow">
          <label htmlFor={id('owner')}>Owner</label>
          <input
            id={id('owner')}
            className="input"
            value={draft.owner}
            required
            maxLength={120}
            disabled={pending}
            {...invalid('/owner')}
            onChange={(e) => change({ owner: e.target.value })}
          />
          {reasons('/owner')}
        </div>
        <div className="field">
          <label htmlFor={id('expires')}>Expires on</label>
          <input
            id={id('expires')}
            className="input"
            type="date"
            value={draft.expiresAt}
            required
            disabled={pending}
            {...invalid('/expiresAt')}
            onChange={(e) => change({ expiresAt: e.target.value })}
          />
          {reasons('/expiresAt')}
        </div>
        <div className="field">
          <label htmlFor={id('feature')}>Needs plan feature</label>
          <input
            id={id('feature')}
            className="input"
            value={draft.requiresFeature}
            maxLength={64}
            disabled={pending}
            placeholder="none"
            onChange={(e) => change({ requiresFeature: e.target.value })}
          />
        </div>
      </div>
      <VariantsFields draft={draft} pending={pending} reasons={reasons} onChange={change} />
      <section className="stack-sm" aria-labelledby={id('rules')}>
        <h3 id={id('rules')}>Rules, in order (the first that matches serves)</h3>
        <RulesEditor
          rules={draft.rules}
          variants={draft.variants}
          issues={issues}
          conditions={conditions}
          disabled={pending}
          onChange={(rules) => change({ rules })}
        />
      </section>
      {problem ? <InlineProblem problem={problem} /> : null}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-secondary" disabled={pending} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function VariantsFields({
  draft,
  pending,
  reasons,
  onChange,
}: {
  draft: FlagDraft;
  pending: boolean;
  reasons(pointer: string): ReactNode;
  onChange(next: Partial<FlagDraft>): void;
}) {
  const base = useId();
  const id = (name: string) => `${base}-${name}`;
  const setType = (type: FlagDraft['type']) =>
    onChange(
      type === 'boolean'
        ? {
            type,
            variants: [
              { uid: uid(), key: 'on', value: 'true' },
              { uid: uid(), key: 'off', value: 'false' },
            ],
            defaultVariant: 'off',
          }
        : { type, variants: draft.variants.map((v) => ({ ...v, value: type === 'number' && Number.isNaN(Number(v.value)) ? '0' : v.value })) },
    );
  const setVariant = (index: number, next: { key?: string; value?: string }) =>
    onChange({ variants: draft.variants.map((v, i) => (i === index ? { ...v, ...next } : v)) });
  return (
    <fieldset className="stack-sm variants-fieldset">
      <legend>Variants</legend>
      <div className="form-row form-row-top">
        <div className="field">
          <label htmlFor={id('type')}>Values are</label>
          <select id={id('type')} className="select" value={draft.type} disabled={pending} onChange={(e) => setType(e.target.value as FlagDraft['type'])}>
            <option value="boolean">On or off</option>
            <option value="string">Text (multivariate)</option>
            <option value="number">Numbers (multivariate)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('default')}>Default variant</label>
          <select
            id={id('default')}
            className="select"
            value={draft.defaultVariant}
            disabled={pending}
            onChange={(e) => onChange({ defaultVariant: e.target.value })}
          >
            {draft.variants.map((v) => (
              <option key={v.uid} value={v.key}>
                {v.key}
              </option>
            ))}
          </select>
          <span className="field-hint">Served when no rule matches and when killed.</span>
          {reasons('/defaultVariant')}
        </div>
      </div>
      {reasons('/variants')}
      <ul className="variant-list">
        {draft.variants.map((variant, index) => (
          <li key={variant.uid} className="form-row">
            <div className="field">
              <label htmlFor={id(`key-${variant.uid}`)}>Variant key</label>
              <input
                id={id(`key-${variant.uid}`)}
                className="input input-mono"
                value={variant.key}
                maxLength={32}
                disabled={pending}
                onChange={(e) => setVariant(index, { key: e.target.value })}
              />
            </div>
            <div className="field field-grow">
              <label htmlFor={id(`value-${variant.uid}`)}>Value</label>
              {draft.type === 'boolean' ? (
                <input id={id(`value-${variant.uid}`)} className="input" value={variant.value} readOnly />
              ) : (
                <input
                  id={id(`value-${variant.uid}`)}
                  className="input"
                  type={draft.type === 'number' ? 'number' : 'text'}
                  value={variant.value}
                  maxLength={200}
                  disabled={pending}
                  onChange={(e) => setVariant(index, { value: e.target.value })}
                />
              )}
            </div>
            {draft.type !== 'boolean' ? (
              <div className="field field-action">
                <button
                  type="button"
                  className="button button-small"
                  disabled={pending || draft.variants.length <= 2}
                  onClick={() => onChange({ variants: draft.variants.filter((_, i) => i !== index) })}
                >
                  Remove<span className="visually-hidden"> variant {variant.key}</span>
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {draft.type !== 'boolean' ? (
        <p>
          <button
            type="button"
            className="button button-secondary"
            disabled={pending || draft.variants.length >= 20}
            onClick={() =>
              onChange({ variants: [...draft.variants, { uid: uid(), key: `v${draft.variants.length + 1}`, value: draft.type === 'number' ? '0' : '' }] })
            }
          >
            Add variant
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}
