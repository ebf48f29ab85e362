/**
 * The installation's own Cedar policies in a plain, labelled code editor. Saving sends the
 * version that was edited: Cedar's validation messages (400 `errors[]`) show under the
 * editor, and a 412 says someone else saved first and offers to load their version.
 */
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { Member, SecuritySettings } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { nameIn } from '../../api/use-directory.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatDateTime } from '../../format.js';

const EXAMPLE = `@id("contractors-cannot-read-directory")
forbid (
  principal in Ownstack::Group::"<group id>",
  action == Ownstack::Action::"members:read",
  resource
);`;

export interface PoliciesEditorProps {
  settings: SecuritySettings;
  members?: readonly Member[];
  onSaved(settings: SecuritySettings): void;
  /** Load the latest saved policies (after a 412), replacing the editor's text. */
  onReload(): void;
}

export function PoliciesEditor({ settings, members, onSaved, onReload }: PoliciesEditorProps) {
  const api = useApi();
  const { announce } = useFeedback();
  const headingId = useId();
  const editorId = useId();
  const helpId = useId();
  const problemId = useId();
  const [draft, setDraft] = useState(settings.policies);
  const [editedVersion, setEditedVersion] = useState(settings.policiesVersion);
  const save = useAction(() => api.updatePolicies(draft, editedVersion));

  // A newer version arrived (our save, or a reload after a conflict): edit that one now.
  if (settings.policiesVersion !== editedVersion) {
    setEditedVersion(settings.policiesVersion);
    setDraft(settings.policies);
    save.reset();
  }

  const changed = draft !== settings.policies;
  const stale = save.problem?.status === 412;
  const invalid = save.problem?.status === 400;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run();
    if (!saved) return;
    onSaved(saved);
    announce(`Policies saved as version ${saved.policiesVersion}.`);
  };

  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Policies of this installation</h2>
      <p className="muted small">
        {settings.policiesVersion === 0 && !settings.policies ? 'None yet: only the built-in policies apply. ' : ''}
        Version {settings.policiesVersion}
        {settings.updatedAt ? `, last changed ${formatDateTime(settings.updatedAt)}` : ''}
        {settings.updatedBy ? ` by ${nameIn(members, settings.updatedBy)}` : ''}.
      </p>
      <form className="stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={editorId}>Forbid policies (Cedar)</label>
          <div className="field-hint stack-sm" id={helpId}>
            <p>
              The built-in policies permit by role. Policies here can only <strong>forbid</strong>, to narrow that access; a permit is refused. For example, to
              keep a group (its id is on the <Link to="/groups">Groups</Link> page) out of the member directory:
            </p>
            <pre className="code-sample">
              <code>{EXAMPLE}</code>
            </pre>
          </div>
          <textarea
            id={editorId}
            className="code-editor"
            rows={12}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            wrap="off"
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
              if (invalid) save.reset();
            }}
            aria-describedby={save.problem ? `${helpId} ${problemId}` : helpId}
            aria-invalid={invalid || undefined}
          />
        </div>
        {save.problem && stale ? (
          <InlineProblem problem={save.problem} id={problemId}>
            <p>Someone saved a newer version while you were editing. Loading it replaces the text above: copy your edits first if you want to keep them.</p>
            <button type="button" className="button button-secondary" onClick={onReload}>
              Load the latest version
            </button>
          </InlineProblem>
        ) : null}
        {save.problem && !stale ? <InlineProblem problem={save.problem} id={problemId} /> : null}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={save.pending || stale}>
            {save.pending ? 'Saving…' : 'Save policies'}
          </button>
          {changed ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setDraft(settings.policies);
                save.reset();
              }}
            >
              Discard changes
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
