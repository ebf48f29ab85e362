/**
 * /members: the people of the installation, a page at a time. Members and up see the
 * directory; admins and owners also change roles, deactivate and reactivate, and manage
 * seats and invitations (invitations-section.tsx).
 */
import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Me, Member } from '../../api/client.js';
import type { Permissions } from '../../api/permissions.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { plural } from '../../format.js';
import { InvitationsSection } from './invitations-section.js';
import { MembersTable } from './members-table.js';

/** Small enough that "Load more" is a real thing in a growing installation. */
const PAGE_SIZE = 25;

export function MembersPage() {
  return (
    <PageFrame title="Members" description="The people of this installation: their roles, status and groups.">
      <WithPermission need="readDirectory" audience="members, admins and owners">
        {(me, can) => <MembersContent me={me} can={can} />}
      </WithPermission>
    </PageFrame>
  );
}

function MembersContent({ me, can }: { me: Me; can: Permissions }) {
  const api = useApi();
  const loadPage = useCallback((cursor: string | undefined, signal: AbortSignal) => api.listMembers({ limit: PAGE_SIZE, cursor }, signal), [api]);
  const members = usePagedList(loadPage);
  const groups = useResource(api.listGroups);
  // Bumped after a change that frees or takes a seat, so the seat count reloads.
  const [seatRevision, setSeatRevision] = useState(0);

  const groupNames = useMemo(() => new Map(groups.status === 'ready' ? groups.data.map((g) => [g.id, g.name]) : []), [groups]);
  const onMemberChanged = useCallback(
    (changed: Member, seatsChanged: boolean) => {
      members.replace((m) => m.id === changed.id, changed);
      if (seatsChanged) setSeatRevision((n) => n + 1);
    },
    [members.replace],
  );

  return (
    <div className="page-body stack-lg">
      <section className="card" aria-labelledby="people-heading" aria-busy={members.status === 'loading'}>
        <h2 id="people-heading">People</h2>
        {members.status === 'loading' ? <StatusMessage>Loading members…</StatusMessage> : null}
        {members.status === 'error' ? <ProblemMessage problem={members.problem} onRetry={members.retry} /> : null}
        {members.status === 'ready' ? (
          <>
            {members.items.length === 0 ? (
              <p className="empty-state">No one has signed in yet.</p>
            ) : (
              <MembersTable
                members={members.items}
                groupNames={groupNames}
                groupsLoaded={groups.status === 'ready'}
                me={me}
                can={can}
                labelledBy="people-heading"
                onChanged={onMemberChanged}
              />
            )}
            {groups.status === 'error' ? (
              <InlineProblem problem={groups.problem}>
                <button type="button" className="button button-secondary" onClick={groups.retry}>
                  Retry loading groups
                </button>
              </InlineProblem>
            ) : null}
            <div className="list-footer">
              <p className="muted small" aria-live="polite">
                Showing {plural(members.items.length, 'person', 'people')}
                {members.hasMore ? '; more to load' : ''}.
              </p>
              {members.hasMore ? (
                <button type="button" className="button button-secondary" onClick={members.loadMore} disabled={members.loadingMore}>
                  {members.loadingMore ? 'Loading more…' : 'Load more'}
                </button>
              ) : null}
            </div>
            {members.moreProblem ? <InlineProblem problem={members.moreProblem} /> : null}
          </>
        ) : null}
      </section>
      {can.administer ? <InvitationsSection me={me} can={can} seatRevision={seatRevision} /> : null}
    </div>
  );
}
