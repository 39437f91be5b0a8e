import { useState, type FormEvent } from 'react';
import { GraphQLRequestError, request } from '../api/graphql';
import { LOGIN } from '../api/documents';
import { Field } from '../components/Field';
import { useSession } from '../hooks/use-session';

/** Sign in to a tenant: `root` for platform administrators, a tenant's own id for its admins. */
export function LoginPage() {
  const { signIn } = useSession();
  const [tenant, setTenant] = useState('root');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { login } = await request(LOGIN, {
        tenant: tenant.trim(),
        email: email.trim(),
        password,
      });
      signIn(login);
    } catch (caught) {
      setError(caught instanceof GraphQLRequestError ? caught.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">Tenantry console</h1>
        <p className="muted">
          Sign in as a platform administrator (tenant <code>root</code>) or as a tenant’s admin.
        </p>
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <Field id="login-tenant" label="Tenant">
          <input value={tenant} onChange={(e) => setTenant(e.target.value)} autoComplete="organization" required />
        </Field>
        <Field id="login-email" label="Email">
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="username"
            required
            autoFocus
          />
        </Field>
        <Field id="login-password" label="Password">
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </Field>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
