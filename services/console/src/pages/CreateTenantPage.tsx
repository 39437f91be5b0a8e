import { useRef, useState, type FormEvent } from 'react';
import { CREATE_TENANT } from '../api/documents';
import { DatabaseMode, Priority } from '../api/generated/graphql';
import { Field } from '../components/Field';
import { useMutation } from '../hooks/use-mutation';
import { hasMessages, type FieldMessages } from '../logic/field-errors';
import {
  emptyCreateTenantForm,
  toCreateTenantInput,
  validateCreateTenant,
  type CreateTenantForm,
} from '../logic/validation';
import { navigate } from '../router';
import { tenantPath } from '../routes';

const FIELD_ORDER = ['id', 'name', 'adminEmail', 'adminPassword', 'connectionString'] as const;
const MODE_HINTS: Record<DatabaseMode, string> = {
  SHARED: 'A schema of its own in the tenants database.',
  ISOLATED: 'A database of its own on the tenants server.',
  EXTERNAL: 'A database you name by connection string; stored encrypted.',
};

/** The create form: checks as the server does, shows the server's field errors, never drops what was typed. */
export function CreateTenantPage() {
  const [form, setForm] = useState<CreateTenantForm>(emptyCreateTenantForm);
  const [messages, setMessages] = useState<FieldMessages>({});
  const create = useMutation(CREATE_TENANT);
  const formRef = useRef<HTMLFormElement>(null);

  const set =
    <K extends keyof CreateTenantForm>(key: K) =>
    (value: CreateTenantForm[K]) => {
      setForm((current) => ({ ...current, [key]: value }));
      setMessages((current) => ({ ...current, [key]: undefined, form: undefined }));
    };
  const focusFirstError = (found: FieldMessages) => {
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#tenant-${first}`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateCreateTenant(form);
    setMessages(local);
    if (hasMessages(local)) return focusFirstError(local);
    const { data, error } = await create.run({ input: toCreateTenantInput(form) });
    // The detail page shows the accepted status until the read model has the tenant.
    if (data)
      return navigate(tenantPath(data.createTenant.tenantId), {
        state: { accepted: data.createTenant, name: form.name.trim() },
      });
    // The server's errors go under their fields, and go away as the field is edited.
    if (error) {
      setMessages(error.fields);
      focusFirstError(error.fields);
    }
  };
  const shown = messages;

  return (
    <section aria-labelledby="create-title">
      <h1 id="create-title">New tenant</h1>
      <form
        ref={formRef}
        className="card form"
        onSubmit={(event) => void submit(event)}
        noValidate
        aria-describedby={shown.form ? 'create-form-error' : undefined}
      >
        {shown.form && (
          <div className="alert alert-error" role="alert" id="create-form-error">
            {shown.form}
          </div>
        )}
        <Field
          id="tenant-id"
          label="Tenant id"
          error={shown.id}
          hint="Lowercase letters, numbers and hyphens, e.g. acme-fc. Never reused."
        >
          <input
            value={form.id}
            onChange={(e) => set('id')(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={60}
            required
          />
        </Field>
        <Field id="tenant-name" label="Name" error={shown.name}>
          <input value={form.name} onChange={(e) => set('name')(e.target.value)} autoComplete="organization" required />
        </Field>
        <Field id="tenant-adminEmail" label="Admin email" error={shown.adminEmail}>
          <input
            type="email"
            value={form.adminEmail}
            onChange={(e) => set('adminEmail')(e.target.value)}
            autoComplete="off"
            required
          />
        </Field>
        <Field
          id="tenant-adminPassword"
          label="Admin password"
          error={shown.adminPassword}
          hint="At least 12 characters, with three of: lower case, upper case, digits, symbols."
        >
          <input
            type="password"
            value={form.adminPassword}
            onChange={(e) => set('adminPassword')(e.target.value)}
            autoComplete="new-password"
            required
          />
        </Field>
        <fieldset className="field">
          <legend>Database</legend>
          <div className="choices">
            {Object.values(DatabaseMode).map((mode) => (
              <label key={mode} className="choice">
                <input
                  type="radio"
                  name="database"
                  value={mode}
                  checked={form.database === mode}
                  onChange={() => set('database')(mode)}
                />
                <span>
                  <strong>{mode.toLowerCase()}</strong> <span className="muted">{MODE_HINTS[mode]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {form.database === 'EXTERNAL' && (
          <Field
            id="tenant-connectionString"
            label="Connection string"
            error={shown.connectionString}
            hint="postgres://user:password@host:5432/database"
          >
            <input
              value={form.connectionString}
              onChange={(e) => set('connectionString')(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              required
            />
          </Field>
        )}
        <Field id="tenant-priority" label="Priority">
          <select value={form.priority} onChange={(e) => set('priority')(e.target.value as Priority)}>
            {Object.values(Priority).map((p) => (
              <option key={p} value={p}>
                {p.toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={create.running}>
            {create.running ? 'Creating…' : 'Create tenant'}
          </button>
          <button type="button" className="button-quiet" onClick={() => history.back()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
