/**
 * Who may use a project: its grants (people and groups, each owner, editor or viewer).
 * Owners add people from the directory and groups from GET /api/groups, change a role
 * (Save per row, so a stray arrow key changes nothing) and remove a grant (asked first).
 * The API keeps at least one owner; its refusal shows beside the control.
 */
import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { PROJECT_ROLES } from '../../../../functions/projects/schemas.js';
import { useApi } from '../../api/api-context.js';
import { useMe } from '../../api/me-context.js';
import { permissionsOf } from '../../api/permissions.js';
import type { GranteeKind, Project, ProjectGrant, ProjectRole } from '../../api/projects-api.js';
import { useAction } from '../../api/use-action.js';
import { useDirectory } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { formatDate } from '../../format.js';
import { PROJECT_ROLE_HINTS, projectRoleAtLeast } from './project-access.js';

export function ProjectPeople({ project }: { project: Project }) {
  const api = useApi();
  const me = useMe();
  const load = useCallback((signal: AbortSignal) => api.listProjectGrants(project.id, signal), [api, project.id]);
  const grants = useResource(load);
  const canManage = projectRoleAtLeast(project, 'owner') && project.status !== 'trashed';
  const canReadDirectory = me.status === 'ready' && permissionsOf(me.data.user.role).readDirectory;

  const onChanged = (changed: ProjectGrant) =>
    grants.update((items) => {
      const exists = items.some((g) => g.kind === changed.kind && g.id === changed.id);
      return exists ? items.map((g) => (g.kind === changed.kind && g.id === changed.id ? changed : g)) : [...items, changed];
    });
  const onRemoved = (kind: GranteeKind, id: string) => grants.update((items) => items.filter((g) => !(g.kind === kind && g.id === id)));

  return (
    <section aria-labelledby="people-heading" aria-busy={grants.status === 'loading'} className="stack">
      <h2 id="people-heading">People and groups</h2>
      <p className="muted">{canManage ? 'Owners decide who may read, write or manage this project.' : 'Who may read, write or manage this project.'}</p>
      {grants.status === 'loading' ? <StatusMessage>Loading who has access…</StatusMessage> : null}
      {grants.status === 'error' ? <ProblemMessage problem={grants.problem} onRetry={grants.retry} /> : null}
      {grants.status === 'ready' ? (
        <>
          <GrantsTable project={project} grants={grants.data} canManage={canManage} onChanged={onChanged} onRemoved={onRemoved} />
          {canManage && canReadDirectory ? <AddGrantForm project={project} grants={grants.data} onAdded={onChanged} /> : null}
          {canManage && !canReadDirectory ? <p className="muted">Adding people needs the member role in this installation, to see who is in it.</p> : null}
        </>
      ) : null}
    </section>
  );
}

interface GrantsTableProps {
  project: Project;
  grants: readonly ProjectGrant[];
  canManage: boolean;
  onChanged(grant: ProjectGrant): void;
  onRemoved(kind: GranteeKind, id: string): void;
}

function GrantsTable({ project, grants, canManage, onChanged, onRemoved }: GrantsTableProps) {
  if (grants.length === 0) return <p className="empty-state">Nobody holds a grant on this project.</p>;
  return (
    <table className="data-table" aria-labelledby="people-heading">
      <thead>
        <tr>
          <th scope="col">Who</th>
          <th scope="col">Role</th>
          <th scope="col">Since</th>
          {canManage ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {grants.map((grant) => (
          <tr key={`${grant.kind}:${grant.id}`}>
            <th scope="row" data-label="Who" className="break-anywhere">
              {grant.label}
              <span className="tag">{grant.kind === 'group' ? 'Group' : 'Person'}</span>
            </th>
            <td data-label="Role">
              {canManage ? <GrantRoleControl project={project} grant={grant} onChanged={onChanged} /> : <span className="badge badge-role">{grant.role}</span>}
            </td>
            <td data-label="Since">{formatDate(grant.grantedAt)}</td>
            {canManage ? (
              <td data-label="Actions">
                <RemoveGrant project={project} grant={grant} onRemoved={onRemoved} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GrantRoleControl({ project, grant, onChanged }: { project: Project; grant: ProjectGrant; onChanged(grant: ProjectGrant): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const selectId = useId();
  const problemId = useId();
  const [role, setRole] = useState<ProjectRole>(grant.role);
  const save = useAction(() => api.putProjectGrant(project.id, grant.kind, grant.id, role));

  const onSave = async () => {
    const changed = await save.run();
    if (!changed) return;
    onChanged(changed);
    announce(`${grant.label} is now ${changed.role} of ${project.name}.`);
  };

  return (
    <div className="role-control">
      <label htmlFor={selectId} className="visually-hidden">
        Role of {grant.label}
      </label>
      <select
        id={selectId}
        className="select select-small"
        value={role}
        onChange={(event) => {
          setRole(event.target.value as ProjectRole);
          save.reset();
        }}
        aria-describedby={save.problem ? problemId : undefined}
      >
        {PROJECT_ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {role !== grant.role ? (
        <button type="button" className="button button-primary button-small" onClick={onSave} disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save'}
          <span className="visually-hidden"> role of {grant.label}</span>
        </button>
      ) : null}
      {save.problem ? <InlineProblem problem={save.problem} id={problemId} /> : null}
    </div>
  );
}

function RemoveGrant({ project, grant, onRemoved }: { project: Project; grant: ProjectGrant; onRemoved(kind: GranteeKind, id: string): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(async () => {
    await api.deleteProjectGrant(project.id, grant.kind, grant.id);
    return true;
  });

  const onConfirm = async () => {
    if (!(await remove.run())) return;
    setConfirming(false);
    onRemoved(grant.kind, grant.id);
    announce(`${grant.label} no longer has access to ${project.name}.`);
  };

  return (
    <>
      <button
        type="button"
        className="button button-danger-outline button-small"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
      >
        Remove<span className="visually-hidden"> {grant.label}</span>
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Remove ${grant.label} from ${project.name}?`}
        confirmLabel="Remove access"
        pending={remove.pending}
        problem={remove.problem}
        onConfirm={onConfirm}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {grant.kind === 'group' ? 'Members of this group' : grant.label} lose access to the project’s documents, except documents shared with them directly.
        </p>
      </ConfirmDialog>
    </>
  );
}

function AddGrantForm({ project, grants, onAdded }: { project: Project; grants: readonly ProjectGrant[]; onAdded(grant: ProjectGrant): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const directory = useDirectory();
  const groups = useResource(api.listGroups);
  const whoId = useId();
  const roleId = useId();
  const problemId = useId();
  const picker = useRef<HTMLSelectElement>(null);
  const [who, setWho] = useState('');
  const [role, setRole] = useState<ProjectRole>('editor');
  const has = (kind: GranteeKind, id: string) => grants.some((g) => g.kind === kind && g.id === id);
  const people = directory.status === 'ready' ? directory.data.filter((m) => m.status === 'active' && !has('user', m.id)) : [];
  const teams = groups.status === 'ready' ? groups.data.filter((g) => !has('group', g.id)) : [];
  const add = useAction(() => {
    const [kind, ...rest] = who.split(':');
    return api.putProjectGrant(project.id, kind as GranteeKind, rest.join(':'), role);
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!who) return;
    const grant = await add.run();
    if (!grant) return;
    onAdded(grant);
    setWho('');
    picker.current?.focus();
    announce(`${grant.label} added to ${project.name} as ${grant.role}.`);
  };

  const loading = directory.status === 'loading' || groups.status === 'loading';
  return (
    <form className="inline-form add-grant" onSubmit={onSubmit} aria-labelledby={`${whoId}-heading`}>
      <h3 id={`${whoId}-heading`}>Add a person or group</h3>
      <div className="form-row">
        <div className="field field-grow">
          <label htmlFor={whoId}>Person or group</label>
          <select
            id={whoId}
            ref={picker}
            className="select"
            value={who}
            required
            onChange={(event) => {
              setWho(event.target.value);
              add.reset();
            }}
            aria-describedby={add.problem ? problemId : undefined}
          >
            <option value="">{loading ? 'Loading people and groups…' : 'Choose a person or group'}</option>
            {people.length > 0 ? (
              <optgroup label="People">
                {people.map((m) => (
                  <option key={m.id} value={`user:${m.id}`}>
                    {m.displayName} ({m.email})
                  </option>
                ))}
              </optgroup>
            ) : null}
            {teams.length > 0 ? (
              <optgroup label="Groups">
                {teams.map((g) => (
                  <option key={g.id} value={`group:${g.id}`}>
                    {g.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={roleId}>Project role</label>
          <select id={roleId} className="select" value={role} onChange={(event) => setRole(event.target.value as ProjectRole)}>
            {PROJECT_ROLES.map((r) => (
              <option key={r} value={r}>
                {PROJECT_ROLE_HINTS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-action">
          <button type="submit" className="button button-primary" disabled={add.pending}>
            {add.pending ? 'Adding…' : 'Add'}
          </button>
        </div>
      </div>
      {directory.status === 'error' ? <InlineProblem problem={directory.problem} /> : null}
      {groups.status === 'error' ? <InlineProblem problem={groups.problem} /> : null}
      {add.problem ? <InlineProblem problem={add.problem} id={problemId} /> : null}
    </form>
  );
}
