/** The signed-in user as the API sees them: name, email, role and whether this session used a second factor. */
import type { Me } from '../api/client.js';

export function AccountSummary({ user }: { user: Me['user'] }) {
  return (
    <section className="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <dl className="facts">
        <div className="fact">
          <dt>Name</dt>
          <dd>{user.displayName}</dd>
        </div>
        <div className="fact">
          <dt>Email</dt>
          <dd className="break-anywhere">{user.email}</dd>
        </div>
        <div className="fact">
          <dt>Role</dt>
          <dd>
            <span className="badge badge-role" data-role={user.role}>
              {user.role}
            </span>
          </dd>
        </div>
        <div className="fact">
          <dt>Second factor</dt>
          <dd>
            <span className="indicator" data-on={user.mfa}>
              <span className="indicator-dot" aria-hidden="true" />
              {user.mfa ? 'Used for this session' : 'Not used for this session'}
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
