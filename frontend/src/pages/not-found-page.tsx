/** Any path the router does not know. */
import { Link } from 'react-router-dom';
import { AppShell } from '../components/app-shell.js';
import { usePageTitle } from '../components/use-page-title.js';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <AppShell>
      <section className="hero" aria-labelledby="not-found-heading">
        <h1 id="not-found-heading">Page not found</h1>
        <p className="lead">There is nothing at this address.</p>
        <p>
          <Link className="button button-primary" to="/">
            Go to the start page
          </Link>
        </p>
      </section>
    </AppShell>
  );
}
