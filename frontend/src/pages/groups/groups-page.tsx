/**
 * /groups: teams of people, which the installation's own policies can name. Members and up
 * may read them (the API allows groups:read); the navigation offers the page to admins and
 * owners, who also create, rename and delete groups and change who is in them.
 */
import { useApi } from '../../api/api-context.js';
import type { Group } from '../../api/client.js';
import type { Permissions } from '../../api/permissions.js';
import { useDirectory } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { CreateGroupForm } from './create-group-form.js';
import { GroupCard } from './group-card.js';

const byName = (a: Group, b: Group) => a.name.localeCompare(b.name);

export function GroupsPage() {
  return (
    <PageFrame title="Groups" description="Teams of people. The installation’s own policies (see Security) can restrict what a group’s members may do.">
      <WithPermission need="readDirectory" audience="members, admins and owners">
        {(_me, can) => <GroupsContent can={can} />}
      </WithPermission>
    </PageFrame>
  );
}

function GroupsContent({ can }: { can: Permissions }) {
  const api = useApi();
  const groups = useResource(api.listGroups);
  const directory = useDirectory();
  const replace = (group: Group) => groups.update((list) => list.map((g) => (g.id === group.id ? group : g)).sort(byName));

  return (
    <div className="page-body stack-lg" aria-busy={groups.status === 'loading'}>
      {can.administer ? <CreateGroupForm onCreated={(group) => groups.update((list) => [...list, group].sort(byName))} /> : null}
      {groups.status === 'loading' ? <StatusMessage>Loading groups…</StatusMessage> : null}
      {groups.status === 'error' ? <ProblemMessage problem={groups.problem} onRetry={groups.retry} /> : null}
      {directory.status === 'error' ? (
        <InlineProblem problem={directory.problem}>
          <p>Names of group members cannot be shown until the member list loads.</p>
          <button type="button" className="button button-secondary" onClick={directory.retry}>
            Retry loading members
          </button>
        </InlineProblem>
      ) : null}
      {groups.status === 'ready' ? (
        groups.data.length === 0 ? (
          <div className="panel empty-state">
            <h2>No groups yet</h2>
            <p className="muted">{can.administer ? 'Create one above, then add people to it.' : 'An admin or owner can create them.'}</p>
          </div>
        ) : (
          <ul className="group-list" aria-label="Groups">
            {groups.data.map((group) => (
              <li key={group.id}>
                <GroupCard
                  group={group}
                  members={directory.status === 'ready' ? directory.data : undefined}
                  canManage={can.administer}
                  onChanged={replace}
                  onDeleted={(id) => groups.update((list) => list.filter((g) => g.id !== id))}
                />
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
