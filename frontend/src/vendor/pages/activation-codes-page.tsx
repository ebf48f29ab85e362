/**
 * Activation codes: what the vendor gives a customer so their installation can register.
 * A code is shown once, here, right after it is made (the control plane keeps only its
 * hash), in a panel that takes focus, with Copy and a button that hides it for good.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { createActivationCodeSchema } from '../../../../functions/vendor/installations/schemas.js';
import { useAction } from '../../api/use-action.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDate } from '../../format.js';
import { useAdminApi } from '../admin-context.js';
import type { ActivationCodeCreated } from '../api/admin-api.js';

export function ActivationCodesPage() {
  const [created, setCreated] = useState<ActivationCodeCreated>();
  return (
    <PageFrame title="Activation codes" description="A code lets a customer's installation register with this control plane; it is shown once.">
      <div className="page-body stack-lg">
        {created ? <CodePanel created={created} onDismiss={() => setCreated(undefined)} /> : null}
        <CreateCodeForm onCreated={setCreated} />
      </div>
    </PageFrame>
  );
}

function CreateCodeForm({ onCreated }: { onCreated(created: ActivationCodeCreated): void }) {
  const api = useAdminApi();
  const headingId = useId();
  const labelId = useId();
  const usesId = useId();
  const daysId = useId();
  const problemId = useId();
  const [label, setLabel] = useState('');
  const [uses, setUses] = useState('1');
  const [days, setDays] = useState('14');
  const [issues, setIssues] = useState<Partial<Record<'label' | 'uses' | 'expiresInDays', string>>>({});
  const create = useAction((input: { label: string; uses: number; expiresInDays: number }) => api.createActivationCode(input));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = createActivationCodeSchema.safeParse({ label, uses: Number(uses), expiresInDays: Number(days) });
    if (!parsed.success || uses.trim() === '' || days.trim() === '') {
      const found: typeof issues = {};
      for (const issue of parsed.success ? [] : parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'label') found.label = 'Say who the code is for (at most 100 characters).';
        if (field === 'uses') found.uses = 'A whole number from 1 to 1,000.';
        if (field === 'expiresInDays') found.expiresInDays = 'A whole number of days from 1 to 365.';
      }
      if (uses.trim() === '') found.uses = 'A whole number from 1 to 1,000.';
      if (days.trim() === '') found.expiresInDays = 'A whole number of days from 1 to 365.';
      setIssues(found);
      return;
    }
    const result = await create.run(parsed.data);
    if (!result) return;
    setLabel('');
    onCreated(result);
  };

  const field = (id: string, name: 'label' | 'uses' | 'expiresInDays') => ({
    'aria-invalid': issues[name] ? true : undefined,
    'aria-describedby': [issues[name] ? `${id}-error` : undefined, `${id}-hint`].filter(Boolean).join(' '),
  });
  const error = (id: string, name: 'label' | 'uses' | 'expiresInDays') =>
    issues[name] ? (
      <p className="form-error" id={`${id}-error`} role="alert">
        {issues[name]}
      </p>
    ) : null;
  const edit = (set: (value: string) => void, name: 'label' | 'uses' | 'expiresInDays') => (value: string) => {
    set(value);
    setIssues((current) => ({ ...current, [name]: undefined }));
    create.reset();
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>New activation code</h2>
      <form className="form-stack" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={labelId}>For</label>
          <p className="field-hint" id={`${labelId}-hint`}>
            The customer, as you will recognise them in the fleet: “Acme GmbH, production”.
          </p>
          <input
            id={labelId}
            className="input input-medium"
            maxLength={100}
            value={label}
            onChange={(e) => edit(setLabel, 'label')(e.target.value)}
            {...field(labelId, 'label')}
          />
          {error(labelId, 'label')}
        </div>
        <div className="form-row form-row-top">
          <div className="field">
            <label htmlFor={usesId}>Installations</label>
            <p className="field-hint" id={`${usesId}-hint`}>
              How many may register with it.
            </p>
            <input
              id={usesId}
              className="input vendor-number"
              type="number"
              min={1}
              max={1000}
              step={1}
              value={uses}
              onChange={(e) => edit(setUses, 'uses')(e.target.value)}
              {...field(usesId, 'uses')}
            />
            {error(usesId, 'uses')}
          </div>
          <div className="field">
            <label htmlFor={daysId}>Valid for (days)</label>
            <p className="field-hint" id={`${daysId}-hint`}>
              Unused codes stop working after this.
            </p>
            <input
              id={daysId}
              className="input vendor-number"
              type="number"
              min={1}
              max={365}
              step={1}
              value={days}
              onChange={(e) => edit(setDays, 'expiresInDays')(e.target.value)}
              {...field(daysId, 'expiresInDays')}
            />
            {error(daysId, 'expiresInDays')}
          </div>
        </div>
        {create.problem ? <InlineProblem problem={create.problem} id={problemId} /> : null}
        <p>
          <button type="submit" className="button button-primary" disabled={create.pending} aria-describedby={create.problem ? problemId : undefined}>
            {create.pending ? 'Creating…' : 'Create code'}
          </button>
        </p>
      </form>
    </section>
  );
}

function CodePanel({ created, onDismiss }: { created: ActivationCodeCreated; onDismiss(): void }) {
  const headingId = useId();
  const codeId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => heading.current?.focus(), []);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(created.activationCode);
      setCopy('copied');
    } catch {
      field.current?.select();
      setCopy('failed');
    }
  };

  return (
    <section className="panel secret-panel stack" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        <span aria-hidden="true">⚠ </span>Activation code for “{created.label}”
      </h2>
      <p>
        <strong>This is the only time it is shown.</strong> Send it to the customer; their admin enters it on the installation’s Billing page. It registers{' '}
        {created.uses === 1 ? 'one installation' : `up to ${created.uses} installations`} until {formatDate(created.expiresAt)}.
      </p>
      <div className="field">
        <label htmlFor={codeId}>Activation code</label>
        <div className="secret-row">
          <input
            id={codeId}
            ref={field}
            className="input input-mono"
            readOnly
            value={created.activationCode}
            onFocus={(event) => event.target.select()}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="button button-secondary" onClick={onCopy}>
            Copy
          </button>
        </div>
        <p className="field-hint" role="status">
          {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'failed' ? 'Could not copy automatically: the code is selected, press Ctrl+C (⌘C).' : ''}
        </p>
      </div>
      <p>
        <button type="button" className="button button-primary" onClick={onDismiss}>
          I have sent it — hide the code
        </button>
      </p>
    </section>
  );
}
