/** The signed-in user's name and the sign-out button, in the header. */
import { useState } from 'react';
import { useMe } from '../api/me-context.js';
import { useAuth } from '../auth/auth-context.js';

export function UserMenu() {
  const { state, signOut } = useAuth();
  const me = useMe();
  const [leaving, setLeaving] = useState(false);

  // The API's answer is authoritative; until it arrives, the ID token's claims will do.
  const claims = state.status === 'signed-in' ? state.user.profile : undefined;
  const name = me.status === 'ready' ? me.data.user.displayName : (claims?.name ?? claims?.email ?? '');

  const onSignOut = () => {
    setLeaving(true);
    signOut().catch(() => setLeaving(false));
  };

  return (
    <div className="user-menu">
      {name ? (
        <span className="user-name">
          <span className="visually-hidden">Signed in as </span>
          {name}
        </span>
      ) : null}
      <button type="button" className="button button-secondary" onClick={onSignOut} disabled={leaving}>
        {leaving ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
