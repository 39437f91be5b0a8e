import { ROOT_TENANT_ID } from '@tenantry/tenant-domain';
import { useCallback, useEffect, useState } from 'react';
import { TENANT } from '../api/documents';
import type {
  AcceptedRequestFragment as Accepted,
  TenantDetailFragment as TenantDetail,
} from '../api/generated/graphql';
import { EditTenantForm } from '../components/EditTenantForm';
import { EventHistory } from '../components/EventHistory';
import { OperationProgress } from '../components/OperationProgress';
import { OperationsTable } from '../components/OperationsTable';
import { SchemaCard } from '../components/SchemaCard';
import { StatusBadge } from '../components/StatusBadge';
import { TenantActions } from '../components/TenantActions';
import { useQuery } from '../hooks/use-query';
import { useSession } from '../hooks/use-session';
import { useLive, useRefetchOnChange } from '../live/live-context';
import { formatTime } from '../logic/format';
import { currentStepLabel } from '../logic/steps';
import { newer } from '../logic/tenants';
import { Link } from '../router';

/** One tenant: status, error, current operation live, edit and actions, operations and events. */
export function TenantDetailPage({ id }: { id: string }) {
  const { isRoot } = useSession();
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
        <OperationsTable operations={tenant.operations} caption={`Operations of ${tenant.id}`} />
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">Event history</h2>
        <EventHistory events={tenant.history} />
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
