import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionDetailFragment as Session } from './api/generated/graphql';
import { Layout, type Section } from './components/Layout';
import { SessionContext } from './hooks/use-session';
import { LiveProvider } from './live/live-context';
import { CreateTenantPage } from './pages/CreateTenantPage';
import { JobsPage } from './pages/JobsPage';
import { LoginPage } from './pages/LoginPage';
import { TenantDetailPage } from './pages/TenantDetailPage';
import { TenantsPage } from './pages/TenantsPage';
import { navigate, useLocation } from './router';
import { routeOf, type Route } from './routes';
import { clearSession, isRootAdministrator, loadSession, saveSession } from './session';

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const { path, search } = useLocation();
  const route = routeOf(path);

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    if (routeOf(location.pathname).page === 'login') navigate('/', { replace: true });
  }, []);
  const signOut = useCallback(() => {
    clearSession();
    setSession(undefined);
  }, []);
  const value = useMemo(
    () => ({ session, isRoot: session ? isRootAdministrator(session) : false, signIn, signOut }),
    [session, signIn, signOut],
  );

  // Each page has its title; after navigating, focus moves to the page so keyboard and screen-reader users land on it.
  const title = titleOf(route);
  useEffect(() => {
    document.title = `${title} · Tenantry`;
  }, [title]);
  const [firstPath] = useState(path);
  useEffect(() => {
    if (path !== firstPath) document.getElementById('main')?.focus({ preventScroll: true });
  }, [path, firstPath]);

  if (!session) {
    return (
      <SessionContext.Provider value={value}>
        <LoginPage />
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={value}>
      <LiveProvider>
        <Layout section={sectionOf(route)}>{pageOf(route, search, value.isRoot)}</Layout>
      </LiveProvider>
    </SessionContext.Provider>
  );
}

function pageOf(route: Route, search: URLSearchParams, isRoot: boolean) {
  switch (route.page) {
    case 'tenants':
    case 'login':
      return <TenantsPage search={search} />;
    case 'new-tenant':
      return isRoot ? <CreateTenantPage /> : <Forbidden />;
    case 'tenant':
      return <TenantDetailPage key={route.id} id={route.id} />;
    case 'jobs':
      return isRoot ? <JobsPage /> : <Forbidden />;
    case 'not-found':
      return <h1>Page not found</h1>;
  }
}

const Forbidden = () => (
  <div className="alert alert-error" role="alert">
    Only platform administrators can do this.
  </div>
);

function sectionOf(route: Route): Section {
  if (route.page === 'tenants' || route.page === 'tenant') return 'tenants';
  if (route.page === 'new-tenant' || route.page === 'jobs') return route.page;
  return 'other';
}

function titleOf(route: Route): string {
  switch (route.page) {
    case 'tenant':
      return `Tenant ${route.id}`;
    case 'new-tenant':
      return 'New tenant';
    case 'jobs':
      return 'Jobs';
    case 'not-found':
      return 'Not found';
    default:
      return 'Tenants';
  }
}
