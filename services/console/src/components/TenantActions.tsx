import { useState } from 'react';
import { CANCEL_TENANT, DELETE_TENANT, RETRY_TENANT } from '../api/documents';
import type {
  AcceptedRequestFragment as Accepted,
  TenantDetailFragment as TenantDetail,
} from '../api/generated/graphql';
import { useMutation } from '../hooks/use-mutation';
import { tenantActions } from '../logic/status';

type ActionName = 'retry' | 'cancel' | 'delete';

const CONFIRM: Record<ActionName, (id: string) => string | undefined> = {
  retry: () => undefined,
  cancel: (id) => `Cancel the provisioning of tenant ${id}?`,
  delete: (id) => `Delete tenant ${id} and drop its database? Its id is never reused.`,
};

/** Retry, cancel and delete, offered only where the tenant's status allows them. */
export function TenantActions({
  tenant,
  onAccepted,
}: {
  tenant: TenantDetail;
  onAccepted: (accepted: Accepted) => void;
}) {
  const allowed = tenantActions(tenant);
  const retry = useMutation(RETRY_TENANT);
  const cancel = useMutation(CANCEL_TENANT);
  const remove = useMutation(DELETE_TENANT);
  const [error, setError] = useState<string>();
  const mutations = { retry, cancel, delete: remove };
  if (!allowed.retry && !allowed.cancel && !allowed.delete) return null;

  const act = async (name: ActionName) => {
    const question = CONFIRM[name](tenant.id);
    if (question && !window.confirm(question)) return;
    setError(undefined);
    const { data, error: failure } = await mutations[name].run({ id: tenant.id });
    // The answer has one field, named after the mutation: the accepted request.
    const accepted = data ? Object.values(data)[0] : undefined;
    if (accepted) onAccepted(accepted);
    else setError(failure?.message);
  };
  const busy = retry.running || cancel.running || remove.running;

  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        {allowed.retry && (
          <button type="button" className="button-primary" disabled={busy} onClick={() => void act('retry')}>
            Retry provisioning
          </button>
        )}
        {allowed.cancel && (
          <button type="button" className="button-warning" disabled={busy} onClick={() => void act('cancel')}>
            Cancel provisioning
          </button>
        )}
        {allowed.delete && (
          <button type="button" className="button-danger" disabled={busy} onClick={() => void act('delete')}>
            Delete tenant
          </button>
        )}
      </div>
    </section>
  );
}
