import type { ReactNode } from 'react';
import { useSession } from '../hooks/use-session';
import { Link } from '../router';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Toasts } from './Toasts';

export type Section = 'tenants' | 'new-tenant' | 'jobs' | 'other';

/** Header with navigation, the connection indicator and the user; the page; the toasts. */
export function Layout({ section, children }: { section: Section; children: ReactNode }) {
  const { session, isRoot, signOut } = useSession();
  const current = (name: Section) => (section === name ? ('page' as const) : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Tenantry
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/tenants" aria-current={current('tenants')}>
                Tenants
              </Link>
            </li>
            {isRoot && (
              <li>
                <Link to="/tenants/new" aria-current={current('new-tenant')}>
                  New tenant
                </Link>
              </li>
            )}
            {isRoot && (
              <li>
                <Link to="/jobs" aria-current={current('jobs')}>
                  Jobs
                </Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="header-end">
          <ConnectionIndicator />
          <span className="user" data-user={session?.user.email}>
            {session?.user.email} <span className="user-tenant">({session?.user.tenantId})</span>
          </span>
          <button type="button" className="button-quiet" onClick={signOut}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <Toasts />
    </>
  );
}
