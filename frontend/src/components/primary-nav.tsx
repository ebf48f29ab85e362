/**
 * The sections of the signed-in app, shown by role (see api/permissions.ts): everyone has
 * Profile; members and up see Members; admins and owners also Groups, API keys,
 * Security, the audit log and jobs. A link must lead somewhere its reader may go; the API still decides.
 */
import { NavLink } from 'react-router-dom';
import { useMe } from '../api/me-context.js';
import { type Permissions, permissionsOf } from '../api/permissions.js';

const sections: ReadonlyArray<{ to: string; label: string; needs?: keyof Permissions }> = [
  // Everyone reads the projects they hold a grant on (projects:read); the API filters the lists.
  { to: '/projects', label: 'Projects' },
  { to: '/shared', label: 'Shared with me' },
  { to: '/trash', label: 'Trash' },
  { to: '/profile', label: 'Profile' },
  { to: '/members', label: 'Members', needs: 'readDirectory' },
  { to: '/groups', label: 'Groups', needs: 'administer' },
  { to: '/api-keys', label: 'API keys', needs: 'administer' },
  { to: '/security', label: 'Security', needs: 'administer' },
  { to: '/audit', label: 'Audit log', needs: 'administer' },
  { to: '/jobs', label: 'Jobs', needs: 'administer' },
  { to: '/updates', label: 'Updates', needs: 'administer' },
  { to: '/flags', label: 'Flags', needs: 'administer' },
  { to: '/billing', label: 'Billing', needs: 'administer' },
];

export function PrimaryNav() {
  const me = useMe();
  // Until the API says who this is, only the section everyone has.
  const can = me.status === 'ready' ? permissionsOf(me.data.user.role) : undefined;
  const visible = sections.filter((section) => !section.needs || can?.[section.needs]);
  return (
    <nav className="primary-nav" aria-label="Primary">
      <div className="container">
        <ul className="primary-nav-list">
          {visible.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} className="primary-nav-link">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
