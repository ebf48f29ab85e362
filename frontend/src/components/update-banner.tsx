/**
 * "Update available", for admins only, above every signed-in page: the new version and a
 * link to the Updates page with its notes, or the upgrade that waits for their approval.
 * Says nothing to anyone else, and nothing when the installation is up to date.
 */
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../api/api-context.js';
import { useMe } from '../api/me-context.js';
import { permissionsOf } from '../api/permissions.js';
import { useResource } from '../api/use-resource.js';

export function UpdateBanner() {
  const me = useMe();
  const admin = me.status === 'ready' && permissionsOf(me.data.user.role).administer;
  return admin ? <AdminUpdateBanner /> : null;
}

function AdminUpdateBanner() {
  const api = useApi();
  const updates = useResource(useCallback((signal: AbortSignal) => api.getUpdates(signal), [api]));
  if (updates.status !== 'ready') return null;
  const { pendingApproval, updateAvailable, latest } = updates.data;
  if (pendingApproval) {
    return (
      <div className="update-banner" role="status">
        The upgrade to {pendingApproval.toVersion} waits for your approval. <Link to="/updates">Review it</Link>
      </div>
    );
  }
  if (!updateAvailable || !latest) return null;
  return (
    <div className="update-banner" role="status">
      Ownstack {latest.version} is available. <Link to="/updates">See what is new</Link>
    </div>
  );
}
