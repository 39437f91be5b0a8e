import { ROOT_TENANT_ID } from '@tenantry/tenant-domain';
import { useCallback, useEffect, useState } from 'react';
import { TENANT, TENANT_HISTORY, TENANT_OPERATIONS } from '../api/documents';
import type {
  AcceptedRequestFragment as Accepted,
  HistoryEventFragment as HistoryEvent,
  OperationDetailFragment as Operation,
  TenantDetailFragment as TenantDetail,
} from '../api/generated/graphql';
import { request } from '../api/graphql';
import { LoadMore } from '../components/LoadMore';
import { EditTenantForm } from '../components/EditTenantForm';
import { EventHistory } from '../components/EventHistory';
import { OperationProgress } from '../components/OperationProgress';
import { OperationsTable } from '../components/OperationsTable';
import { SchemaCard } from '../components/SchemaCard';
import { StatusBadge } from '../components/StatusBadge';
import { TenantActions } from '../components/TenantActions';
import { useGrowingList } from '../hooks/use-growing-list';
import { useQuery } from '../hooks/use-query';
import { useSession } from '../hooks/use-session';
import { useLive, useRefetchOnChange } from '../live/live-context';
import { formatTime } from '../logic/format';
import type { ListOrder } from '../logic/pages';
import { currentStepLabel } from '../logic/steps';
import { newer } from '../logic/tenants';
import { Link } from '../router';

/** A tenant's operations and events per page. */
const PAGE_SIZE = 20;
const OPERATION_ORDER: ListOrder<Operation> = {
  key: (op) => op.id,
  compare: (a, b) => b.requestedAt.localeCompare(a.requestedAt) || a.id.localeCompare(b.id),
};
const EVENT_ORDER: ListOrder<HistoryEvent> = {
  key: (event) => String(event.version),
  compare: (a, b) => b.version - a.version,
};

/**
 * One tenant: status, error, current operation live, edit and actions, and its latest
 * operations and events (20 each, newest first, with "load more").
 */
export function TenantDetailPage({ id }: { id: string }) {
  const { isRoot, session } = useSession();
  const { followTenant } = useLive();
  const { data, error, loading, refetch } = useQuery(TENANT, { id });
  const [tenant, setTenant] = useState<TenantDetail>();

  const take = useCallback(
    (incoming: TenantDetail) =>
      setTenant((current) => (current?.id === incoming.id ? newer(current, incoming) : incoming)),
    [],
  );
  // Each answer is taken once, as it is rendered (React's "information from previous renders").
  const [takenAnswer, setTakenAnswer] = useState<typeof data>();
  if (data !== takenAnswer) {
    setTakenAnswer(data);
    if (data?.tenant) take(data.tenant);
  }
  useEffect(() => followTenant(id, take), [id, followTenant, take]);
  useRefetchOnChange(refetch, (tenantId) => tenantId === id);
  // Show the accepted status and version at once (a fast job may finish before any read shows
  // it), then fetch: `newer` keeps whichever is later, so nothing older replaces it.
  const onAccepted = useCallback(
    (accepted: Accepted) => {
      setTenant((current) =>
        current?.id === accepted.tenantId && current.version < accepted.version
          ? { ...current, status: accepted.status, version: accepted.version }
          : current,
      );
      void refetch();
    },
    [refetch],
  );

  const token = session?.token;
  const operations = useGrowingList(
    id,
    tenant?.operationsConnection,
    async (after) =>
      (await request(TENANT_OPERATIONS, { id, first: PAGE_SIZE, after }, token)).tenant?.operationsConnection,
    OPERATION_ORDER,
  );
  const events = useGrowingList(
    id,
    tenant?.historyConnection,
    async (after) => (await request(TENANT_HISTORY, { id, first: PAGE_SIZE, after }, token)).tenant?.historyConnection,
    EVENT_ORDER,
  );

  if (!tenant) {
    const just = justAccepted(id);
    if (just) return <AcceptedTenant id={id} name={just.name} status={just.accepted.status} />;
    if (loading) return <p aria-live="polite">Loading…</p>;
    if (error)
      return (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      );
    return (
      <section>
        <h1>Tenant not found</h1>
        <p>
          There is no tenant <code>{id}</code> you may see. <Link to="/tenants">Back to tenants</Link>
        </p>
      </section>
    );
  }

  const operation = tenant.currentOperation;
  const step = operation ? currentStepLabel(operation) : undefined;
  const editable = isRoot && tenant.id !== ROOT_TENANT_ID && tenant.status !== 'DELETED';
  return (
    <article aria-labelledby="tenant-title" data-tenant-id={tenant.id}>
      <p className="breadcrumb">
        <Link to="/tenants">Tenants</Link> / {tenant.id}
      </p>
      <div className="page-head">
        <h1 id="tenant-title">{tenant.name}</h1>
        <StatusBadge status={tenant.status} />
        {step && (
          <span className="current-step" aria-live="polite">
            {step}
          </span>
        )}
      </div>
      {tenant.provisioningError && (
        <div className="alert alert-error" role="alert">
          <strong>Provisioning failed.</strong> <span className="provisioning-error">{tenant.provisioningError}</span>
        </div>
      )}
      <dl className="facts card">
        <div>
          <dt>Id</dt>
          <dd>{tenant.id}</dd>
        </div>
        <div>
          <dt>Active</dt>
          <dd>{tenant.isActive ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>Admin email</dt>
          <dd>{tenant.adminEmail}</dd>
        </div>
        <div>
          <dt>Database</dt>
          <dd>
            {tenant.database.mode.toLowerCase()} · <code>{tenant.database.name}</code>
            {tenant.database.host ? ` on ${tenant.database.host}` : ''}
          </dd>
        </div>
        <div>
          <dt>Last attempt</dt>
          <dd data-fact="last-attempt">{formatTime(tenant.lastProvisioningAttempt)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(tenant.createdAt)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatTime(tenant.updatedAt)}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{tenant.version}</dd>
        </div>
      </dl>
      {operation && <OperationProgress operation={operation} />}
      <SchemaCard key={`${tenant.id}|${tenant.status}`} tenantId={tenant.id} />
      {editable && (
        <div className="columns">
          {(tenant.status === 'ACTIVE' || tenant.status === 'UPDATING') && (
            <EditTenantForm key={`${tenant.name}|${tenant.isActive}`} tenant={tenant} onAccepted={onAccepted} />
          )}
          <TenantActions tenant={tenant} onAccepted={onAccepted} />
        </div>
      )}
      <section aria-labelledby="operations-title">
        <h2 id="operations-title">Operations</h2>
        <OperationsTable operations={operations.list?.items ?? []} caption={`Operations of ${tenant.id}`} />
        {operations.list && (
          <LoadMore
            list={operations.list}
            noun="operations"
            loading={operations.loadingMore}
            onLoadMore={() => void operations.loadMore()}
          />
        )}
        {operations.error && (
          <div className="alert alert-error" role="alert">
            {operations.error.message}
          </div>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">Event history</h2>
        <EventHistory events={events.list?.items ?? []} />
        {events.list && (
          <LoadMore
            list={events.list}
            noun="events"
            loading={events.loadingMore}
            onLoadMore={() => void events.loadMore()}
          />
        )}
        {events.error && (
          <div className="alert alert-error" role="alert">
            {events.error.message}
          </div>
        )}
      </section>
    </article>
  );
}

interface AcceptedState {
  accepted: Accepted;
  name: string;
}

/** What the create form left in the history entry when it navigated here. */
function justAccepted(id: string): AcceptedState | undefined {
  const state = history.state as Partial<AcceptedState> | null;
  return state?.accepted?.tenantId === id ? (state as AcceptedState) : undefined;
}

/** Accepted but not yet in the read model: the status the command reply gave, until the live feed brings the rest. */
function AcceptedTenant({ id, name, status }: { id: string; name: string; status: Accepted['status'] }) {
  return (
    <article aria-labelledby="tenant-title" data-tenant-id={id}>
      <p className="breadcrumb">
        <Link to="/tenants">Tenants</Link> / {id}
      </p>
      <div className="page-head">
        <h1 id="tenant-title">{name}</h1>
        <StatusBadge status={status} />
      </div>
      <p className="muted" aria-live="polite">
        Accepted; waiting for the worker to pick it up…
      </p>
    </article>
  );
}
