import { useState, type FormEvent } from 'react';
import { UPDATE_TENANT } from '../api/documents';
import type {
  AcceptedRequestFragment as Accepted,
  TenantDetailFragment as TenantDetail,
} from '../api/generated/graphql';
import { useMutation } from '../hooks/use-mutation';
import { tenantActions } from '../logic/status';
import { nameMessage } from '../logic/validation';
import { Field } from './Field';
import { Spinner } from './Spinner';

/** Name and active flag; while the update runs the form waits with a spinner. */
export function EditTenantForm({
  tenant,
  onAccepted,
}: {
  tenant: TenantDetail;
  onAccepted: (accepted: Accepted) => void;
}) {
  const [name, setName] = useState(tenant.name);
  const [isActive, setIsActive] = useState(tenant.isActive);
  const [nameError, setNameError] = useState<string>();
  const update = useMutation(UPDATE_TENANT);
  const updating = tenant.status === 'UPDATING';
  const editable = tenantActions(tenant).edit;
  const changed = name.trim() !== tenant.name || isActive !== tenant.isActive;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const message = nameMessage(name);
    setNameError(message);
    if (message || !changed) return;
    const input = {
      ...(name.trim() !== tenant.name ? { name: name.trim() } : {}),
      ...(isActive !== tenant.isActive ? { isActive } : {}),
    };
    const { data, error } = await update.run({ id: tenant.id, input });
    if (data) onAccepted(data.updateTenant);
    else if (error?.fields.name) setNameError(error.fields.name);
  };

  return (
    <form
      className="card form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="edit-title"
      aria-busy={updating}
    >
      <h2 id="edit-title">Edit tenant</h2>
      {update.error && !update.error.fields.name && (
        <div className="alert alert-error" role="alert">
          {update.error.message}
        </div>
      )}
      <Field id="edit-name" label="Name" error={nameError}>
        <input
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setNameError(undefined);
          }}
          disabled={!editable}
          required
        />
      </Field>
      <div className="field field-inline">
        <input
          id="edit-active"
          type="checkbox"
          checked={isActive}
          onChange={(e) => setIsActive(e.target.checked)}
          disabled={!editable}
        />
        <label htmlFor="edit-active">Active (its users can log in)</label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={!editable || !changed || update.running}>
          {updating || update.running ? (
            <>
              <Spinner /> Updating…
            </>
          ) : (
            'Save changes'
          )}
        </button>
        {!editable && !updating && <span className="muted">Only an active tenant can be edited.</span>}
      </div>
    </form>
  );
}
