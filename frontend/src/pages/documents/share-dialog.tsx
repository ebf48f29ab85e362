/**
 * Sharing one document with people or groups outside (or inside) its project, as viewer or
 * editor: the current shares with Remove, and an add form picking from the directory and
 * the groups. Shares add to what the project's grants already give.
 */
import { type FormEvent, useCallback, useId, useState } from 'react';
import { DOCUMENT_SHARE_ROLES } from '../../../../functions/documents/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { Document, DocumentShare, ShareRole } from '../../api/documents-api.js';
import { useMe } from '../../api/me-context.js';
import { permissionsOf } from '../../api/permissions.js';
import type { GranteeKind } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { loadAllMembers } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { useFeedback } from '../../components/feedback.js';
import { ModalDialog } from '../../components/modal-dialog.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';

export function ShareDialog({ open, document, onClose }: { open: boolean; document: Document; onClose(): void }) {
  return (
    <ModalDialog open={open} title={`Share ${document.title}`} onClose={onClose} size="wide">
      {open ? <ShareContent document={document} onClose={onClose} /> : null}
    </ModalDialog>
  );
}

function ShareContent({ document, onClose }: { document: Document; onClose(): void }) {
  const api = useApi();
  const me = useMe();
  const { announce } = useFeedback();
  const canPick = me.status === 'ready' && permissionsOf(me.data.user.role).readDirectory;
  const loadShares = useCallback((signal: AbortSignal) => api.listShares(document.id, signal), [api, document.id]);
  const shares = useResource(loadShares);
  const loadPeople = useCallback((signal: AbortSignal) => (canPick ? loadAllMembers(api, signal) : Promise.resolve([])), [api, canPick]);
  const people = useResource(loadPeople);
  const loadGroups = useCallback((signal: AbortSignal) => (canPick ? api.listGroups(signal) : Promise.resolve([])), [api, canPick]);
  const groups = useResource(loadGroups);
  const whoId = useId();
  const roleId = useId();
  const problemId = useId();
  const [who, setWho] = useState('');
  const [role, setRole] = useState<ShareRole>('viewer');
  const has = (kind: GranteeKind, id: string) => shares.status === 'ready' && shares.data.some((s) => s.kind === kind && s.id === id);
  const myId = me.status === 'ready' ? me.data.user.id : undefined;
  const personChoices = people.status === 'ready' ? people.data.filter((m) => m.status === 'active' && m.id !== myId && !has('user', m.id)) : [];
  const groupChoices = groups.status === 'ready' ? groups.data.filter((g) => !has('group', g.id)) : [];

  const add = useAction(() => {
    const [kind, ...rest] = who.split(':');
    return api.putShare(document.id, kind as GranteeKind, rest.join(':'), role);
  });
  const remove = useAction(async (share: DocumentShare) => {
    await api.deleteShare(document.id, share.kind, share.id);
    return share;
  });

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    if (!who) return;
    const share = await add.run();
    if (!share) return;
    shares.update((items) => [...items.filter((s) => !(s.kind === share.kind && s.id === share.id)), share]);
    setWho('');
    announce(`Shared with ${share.label} as ${share.role}.`);
  };
  const onRemove = async (share: DocumentShare) => {
    const removed = await remove.run(share);
    if (!removed) return;
    shares.update((items) => items.filter((s) => !(s.kind === removed.kind && s.id === removed.id)));
    announce(`${removed.label} no longer has this document shared with them.`);
  };

  return (
    <div className="stack">
      <section aria-labelledby={`${whoId}-current`} aria-busy={shares.status === 'loading'} className="stack-sm">
        <h3 id={`${whoId}-current`}>Shared with</h3>
        {shares.status === 'loading' ? <StatusMessage>Loading shares…</StatusMessage> : null}
        {shares.status === 'error' ? <ProblemMessage problem={shares.problem} onRetry={shares.retry} /> : null}
        {shares.status === 'ready' ? (
          shares.data.length === 0 ? (
            <p className="empty-state">Not shared beyond the project yet.</p>
          ) : (
            <ul className="member-list" aria-labelledby={`${whoId}-current`}>
              {shares.data.map((share) => (
                <li key={`${share.kind}:${share.id}`}>
                  <span className="break-anywhere">
                    {share.label} <span className="tag">{share.kind === 'group' ? 'Group' : 'Person'}</span>{' '}
                    <span className="badge badge-role">{share.role}</span>
                  </span>
                  <button type="button" className="button button-quiet button-small" onClick={() => onRemove(share)} disabled={remove.pending}>
                    Remove<span className="visually-hidden"> share with {share.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        ) : null}
        {remove.problem ? <InlineProblem problem={remove.problem} /> : null}
      </section>
      {canPick ? (
        <form className="stack-sm" onSubmit={onAdd}>
          <h3>Share with someone</h3>
          <div className="form-row">
            <div className="field field-grow">
              <label htmlFor={whoId}>Person or group</label>
              <select
                id={whoId}
                className="select"
                required
                value={who}
                onChange={(event) => {
                  setWho(event.target.value);
                  add.reset();
                }}
                aria-describedby={add.problem ? problemId : undefined}
              >
                <option value="">
                  {people.status === 'loading' || groups.status === 'loading' ? 'Loading people and groups…' : 'Choose a person or group'}
                </option>
                {personChoices.length > 0 ? (
                  <optgroup label="People">
                    {personChoices.map((m) => (
                      <option key={m.id} value={`user:${m.id}`}>
                        {m.displayName} ({m.email})
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {groupChoices.length > 0 ? (
                  <optgroup label="Groups">
                    {groupChoices.map((g) => (
                      <option key={g.id} value={`group:${g.id}`}>
                        {g.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            </div>
            <div className="field">
              <label htmlFor={roleId}>Access</label>
              <select id={roleId} className="select" value={role} onChange={(event) => setRole(event.target.value as ShareRole)}>
                {DOCUMENT_SHARE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r === 'viewer' ? 'Viewer: can read' : 'Editor: can read and write'}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-action">
              <button type="submit" className="button button-primary" disabled={add.pending}>
                {add.pending ? 'Sharing…' : 'Share'}
              </button>
            </div>
          </div>
          {people.status === 'error' ? <InlineProblem problem={people.problem} /> : null}
          {groups.status === 'error' ? <InlineProblem problem={groups.problem} /> : null}
          {add.problem ? <InlineProblem problem={add.problem} id={problemId} /> : null}
        </form>
      ) : (
        <p className="muted">Sharing with others needs the member role in this installation, to see who is in it.</p>
      )}
      <div className="button-row dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
