/**
 * The sections of the signed-in app. Add a section here when its page exists (Projects,
 * Members, Billing are planned), never before: a link must lead somewhere.
 */
import { NavLink } from 'react-router-dom';

const sections: ReadonlyArray<{ to: string; label: string }> = [{ to: '/profile', label: 'Profile' }];

export function PrimaryNav() {
  return (
    <nav className="primary-nav" aria-label="Primary">
      <div className="container">
        <ul className="primary-nav-list">
          {sections.map((section) => (
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
