import { TENANT_SCHEMA } from '../api/documents';
import type { TenantSchemaQuery } from '../api/generated/graphql';
import { useQuery } from '../hooks/use-query';

/**
 * The tenant's schema version: migrations applied (in order) and pending. Fetched on
 * its own, so a tenant database that cannot be read leaves the rest of the page whole;
 * mount it with a key that changes with the status to read it again after a job.
 */
export function SchemaCard({ tenantId }: { tenantId: string }) {
  const { data, error, loading } = useQuery(TENANT_SCHEMA, { id: tenantId });
  return (
    <section className="card schema-card" aria-labelledby="schema-title">
      <h2 id="schema-title">Schema</h2>
      {data?.tenant ? (
        <SchemaVersion schema={data.tenant} />
      ) : error ? (
        <p className="muted" role="status">
          The tenant's database could not be read: {error.message}
        </p>
      ) : loading ? (
        <p className="muted" aria-live="polite">
          Reading the tenant's database…
        </p>
      ) : null}
    </section>
  );
}

export function SchemaVersion({
  schema,
}: {
  schema: Pick<NonNullable<TenantSchemaQuery['tenant']>, 'migrations' | 'pendingMigrations'>;
}) {
  return (
    <div className="columns">
      <div>
        <h3>Applied ({schema.migrations.length})</h3>
        {schema.migrations.length > 0 ? (
          <ol className="migrations" data-migrations="applied">
            {schema.migrations.map((name) => (
              <li key={name}>
                <code>{name}</code>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">None yet.</p>
        )}
      </div>
      <div>
        <h3>Pending ({schema.pendingMigrations.length})</h3>
        {schema.pendingMigrations.length > 0 ? (
          <>
            <ol className="migrations" data-migrations="pending">
              {schema.pendingMigrations.map((name) => (
                <li key={name}>
                  <code>{name}</code>
                </li>
              ))}
            </ol>
            <p className="muted">
              Applied by <code>npm run tenants:migrate</code>.
            </p>
          </>
        ) : (
          <p className="muted">None: up to date.</p>
        )}
      </div>
    </div>
  );
}
