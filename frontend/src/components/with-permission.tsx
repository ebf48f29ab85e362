/**
 * Renders a page's content once GET /api/me says who is asking, and only if their role may
 * use it; otherwise says so, instead of offering controls the API would refuse.
 */
import type { ReactNode } from 'react';
import type { Me } from '../api/client.js';
import { useMe } from '../api/me-context.js';
import { type Permissions, permissionsOf } from '../api/permissions.js';
import { ProblemMessage } from './problem-message.js';
import { StatusMessage } from './status-message.js';

export interface WithPermissionProps {
  need: keyof Permissions;
  /** Who may, in words: "members, admins and owners". */
  audience: string;
  children(me: Me, can: Permissions): ReactNode;
}

export function WithPermission({ need, audience, children }: WithPermissionProps) {
  const me = useMe();
  if (me.status === 'loading') {
    return (
      <div aria-busy="true">
        <StatusMessage>Checking your access…</StatusMessage>
      </div>
    );
  }
  if (me.status === 'error') return <ProblemMessage problem={me.problem} onRetry={me.retry} />;
  const can = permissionsOf(me.data.user.role);
  if (!can[need]) {
    return (
      <div className="panel stack">
        <h2>Not available with your role</h2>
        <p>
          This page is for {audience}. You are signed in as a <strong>{me.data.user.role}</strong>; ask an owner or admin if you need access.
        </p>
      </div>
    );
  }
  return <>{children(me.data, can)}</>;
}
