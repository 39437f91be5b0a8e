import { issueToken } from '@tenantry/auth';
import type { TenantView } from '@tenantry/read-model';
import { createAuthenticator, TENANT_NOT_ACTIVE } from './authenticator';

const secret = 's'.repeat(32);
const userOf = (tenantId: string) => ({ userId: 'u1', email: 'a@example.com', tenantId, roles: ['admin'] });
const view = (id: string, status: TenantView['status'], isActive = true) => ({ id, status, isActive }) as TenantView;

/** An authenticator over a read model the test sets, counting its reads. */
function authenticatorOver(tenants: Map<string, TenantView>) {
  const reads: string[] = [];
  const authenticator = createAuthenticator({
    jwtSecrets: secret,
    tenant: (id) => (reads.push(id), Promise.resolve(tenants.get(id) ?? null)),
  });
  const as = async (tenantId: string) =>
    authenticator.authenticate(`Bearer ${(await issueToken(userOf(tenantId), secret, 60)).token}`);
  return { reads, as };
}

describe('the authenticator', () => {
  it('reads a tenant’s admission on every request, so a deactivation takes effect at once', async () => {
    const tenants = new Map([['acme', view('acme', 'ACTIVE')]]);
    const { reads, as } = authenticatorOver(tenants);
    expect((await as('acme')).principal).toMatchObject({ tenantId: 'acme' });
    tenants.set('acme', view('acme', 'ACTIVE', false));

    expect((await as('acme')).failure?.message).toBe(TENANT_NOT_ACTIVE);
    expect(reads).toEqual(['acme', 'acme']);
  });

  it('reads the root tenant’s admission until it admits, then never again: nothing can withdraw it', async () => {
    const tenants = new Map([['root', view('root', 'PROVISIONING')]]);
    const { reads, as } = authenticatorOver(tenants);
    expect((await as('root')).failure?.message).toBe(TENANT_NOT_ACTIVE);
    tenants.set('root', view('root', 'ACTIVE'));

    for (let i = 0; i < 3; i++) expect((await as('root')).principal).toMatchObject({ tenantId: 'root' });
    expect(reads).toEqual(['root', 'root']);
  });
});
