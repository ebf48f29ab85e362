/**
 * /flags/new and /flags/:key, for admins and owners: the rule editor, the fleet flag the
 * vendor set for the same key (read-only: an installation flag can narrow it, never
 * widen it), delete, and the history with revert (a deleted flag can be restored).
 */
import { useCallback, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { FlagBody, FlagDetail } from '../../api/flags-api.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import { useArrivalFeedback, withFeedback } from '../../components/arrival-feedback.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { FlagEditor } from './flag-editor.js';
import { FlagHistory } from './flag-history.js';
import { statusLabel } from './flag-words.js';
import { KillSwitch } from './kill-switch.js';

export function NewFlagPage() {
  const api = useApi();
  const navigate = useNavigate();
  const create = useAction((key: string, body: FlagBody) => api.saveFlag(key, body));
  return (
    <PageFrame title="New flag" description="A key with its kind, who owns it, when it expires, and who gets what.">
      <WithPermission need="administer" audience="admins and owners">
        {() => (
          <section className="page-body card" aria-labelledby="new-flag-heading">
            <h2 id="new-flag-heading">Definition</h2>
            <FlagEditor
              submitLabel="Create flag"
              pending={create.pending}
              problem={create.problem}
              onEdit={create.reset}
              onCancel={() => navigate('/flags')}
              onSubmit={async (key, body) => {
                const created = await create.run(key, body);
                if (!created) return;
                // The feedback region clears on a new path: the flag's page announces it on arrival.
                navigate(`/flags/${encodeURIComponent(key)}`, withFeedback(`Flag ${key} created.`));
              }}
            />
          </section>
        )}
      </WithPermission>
    </PageFrame>
  );
}

export function FlagPage() {
  const { key = '' } = useParams();
  useArrivalFeedback();
  return (
    <PageFrame title={`Flag ${key}`} description="Its rules, the vendor’s fleet setting for the same key, and every version with who changed it.">
      <WithPermission need="administer" audience="admins and owners">
        {() => <FlagContent flagKey={key} />}
      </WithPermission>
    </PageFrame>
  );
}

function FlagContent({ flagKey }: { flagKey: string }) {
  const api = useApi();
  const navigate = useNavigate();
  const { announce } = useFeedback();
  const editorHeading = useId();
  const fleetHeading = useId();
  const detail = useResource(useCallback((signal: AbortSignal) => api.getFlag(flagKey, signal), [api, flagKey]));
  // Names for the history; a failure only leaves the ids shown.
  const members = useResource(useCallback((signal: AbortSignal) => api.listMembers({ limit: 100 }, signal), [api]));
  const nameOf = (userId: string) => (members.status === 'ready' ? members.data.items.find((m) => m.id === userId)?.displayName : undefined) ?? userId;
  const [editorRevision, setEditorRevision] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const current = detail.status === 'ready' ? detail.data.installation?.definition : undefined;
  const save = useAction((body: FlagBody) => api.saveFlag(flagKey, body, current?.version));
  const kill = useAction((killed: boolean) => api.patchFlag(flagKey, { killed }, current?.version ?? 0));
  const remove = useAction(async () => {
    await api.deleteFlag(flagKey, current?.version ?? 0);
    return true;
  });
  const revert = useAction((version: number) => api.revertFlag(flagKey, version, current?.version));

  if (detail.status === 'loading') return <StatusMessage>Loading the flag…</StatusMessage>;
  if (detail.status === 'error') return <ProblemMessage problem={detail.problem} onRetry={detail.retry} />;
  const { installation, fleet, history } = detail.data as FlagDetail;
  const reload = () => {
    detail.refresh();
    setEditorRevision((r) => r + 1);
  };

  return (
    <div className="page-body stack-lg">
      <p>
        <Link to="/flags">← All flags</Link>
      </p>
      {installation ? (
        <section className="card stack" aria-labelledby={editorHeading}>
          <div className="section-header">
            <h2 id={editorHeading}>This installation’s flag: {statusLabel(installation.state)}</h2>
            <span className="button-row">
              <KillSwitch
                flagKey={flagKey}
                killed={installation.definition.killed}
                defaultVariant={installation.definition.defaultVariant}
                pending={kill.pending}
                problem={kill.problem}
                onChange={async (killed) => {
                  if (!(await kill.run(killed))) return false;
                  announce(killed ? `${flagKey} is killed.` : `${flagKey} is live again.`);
                  reload();
                  return true;
                }}
              />
              <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </span>
          </div>
          <FlagEditor
            key={`${installation.definition.version}-${editorRevision}`}
            initial={installation.definition}
            submitLabel={`Save version ${installation.definition.version + 1}`}
            pending={save.pending}
            problem={save.problem}
            onEdit={save.reset}
            onSubmit={async (_key, body) => {
              const saved = await save.run(body);
              if (!saved) return;
              announce(`${flagKey} saved as version ${saved.definition.version}.`);
              reload();
            }}
          />
          <ConfirmDialog
            open={deleting}
            title={`Delete ${flagKey}?`}
            confirmLabel="Delete flag"
            pending={remove.pending}
            problem={remove.problem}
            onCancel={() => setDeleting(false)}
            onConfirm={async () => {
              if (!(await remove.run())) return;
              setDeleting(false);
              announce(`${flagKey} deleted. Its history stays: revert to restore it.`);
              reload();
            }}
          >
            <p>Code that still reads it gets its own default from the next minute on. The history stays, so it can be restored.</p>
          </ConfirmDialog>
        </section>
      ) : (
        <p className="empty-state">
          {history.length > 0
            ? 'This flag was deleted here; revert to a version below to restore it.'
            : 'This installation has no flag of its own with this key.'}
        </p>
      )}
      {fleet ? (
        <section className="card stack" aria-labelledby={fleetHeading}>
          <h2 id={fleetHeading}>Set by the vendor (fleet): {statusLabel(fleet.state)}</h2>
          <p>{fleet.definition.description}</p>
          <p className="muted small">
            Version {fleet.definition.version}, {fleet.definition.rules.length} rule(s), default “{fleet.definition.defaultVariant}”. It arrives with the
            license; a flag of this installation with the same key can narrow it, never widen it.
          </p>
        </section>
      ) : null}
      <FlagHistory
        history={history}
        currentVersion={installation?.definition.version}
        nameOf={nameOf}
        pending={revert.pending}
        problem={revert.problem}
        onRevert={async (version) => {
          const next = await revert.run(version);
          if (!next) return false;
          announce(`${flagKey} reverted to version ${version} (now version ${next.definition.version}).`);
          reload();
          return true;
        }}
      />
      {!installation && history.length === 0 && !fleet ? (
        <p>
          <button type="button" className="button" onClick={() => navigate('/flags')}>
            Back to the flags
          </button>
        </p>
      ) : null}
    </div>
  );
}
