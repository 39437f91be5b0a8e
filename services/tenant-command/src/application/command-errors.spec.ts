import { PASSWORD_POLICY, SLUG_MESSAGE } from '@tenantry/tenant-domain';
import { commandWorld, STRONG_PASSWORD } from '../__tests__/command-world';

const INTERNAL_MESSAGE = 'The command could not be processed; try again later';

describe('tenant-command error replies', () => {
  it('answers invalid input with BAD_USER_INPUT and every failing field, appending nothing', async () => {
    const world = await commandWorld();

    const reply = await world.createTenant({ id: 'Not A Slug', adminPassword: 'short' });

    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'BAD_USER_INPUT',
        message: expect.any(String),
        fields: [
          { field: 'id', message: SLUG_MESSAGE },
          { field: 'adminPassword', message: PASSWORD_POLICY },
        ],
      },
    });
    expect(await world.events('Not A Slug')).toEqual([]);
    expect(world.answered).toEqual([['createTenant', 'BAD_USER_INPUT']]);
  });

  it.each([
    ['an admin of another tenant', { userId: 'u-1', tenantId: 'acme', roles: ['admin'] }],
    ['a root user who is not an admin', { userId: 'u-2', tenantId: 'root', roles: [] }],
  ])(
    'answers a command from %s with FORBIDDEN, appending nothing (the gateway is not the only check)',
    async (_, actor) => {
      const world = await commandWorld();

      const reply = await world.send('createTenant', {
        actor,
        input: { id: 'sneaky', name: 'Sneaky', adminEmail: 'a@sneaky.test', adminPassword: STRONG_PASSWORD },
      });

      expect(reply).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Only root administrators can manage tenants' },
      });
      expect(await world.events('sneaky')).toEqual([]);
    },
  );

  it('answers an update without a change with BAD_USER_INPUT on its field', async () => {
    const world = await commandWorld();

    const reply = await world.send('updateTenant', { tenantId: 'acme', input: {} });

    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'name', message: expect.stringMatching(/^Give a new name/) }],
      },
    });
  });

  it('answers a taken id with TENANT_EXISTS, before hashing the password', async () => {
    const world = await commandWorld();
    await world.createTenant({ id: 'acme' });
    const hashesBefore = world.hashes();

    const reply = await world.createTenant({ id: 'acme' });

    expect(reply).toEqual({ ok: false, error: { code: 'TENANT_EXISTS', message: 'Tenant already exists' } });
    expect(world.hashes()).toBe(hashesBefore);
    expect(await world.events('acme')).toHaveLength(1);
  });

  it('answers a create of the root tenant with TENANT_EXISTS', async () => {
    const world = await commandWorld();

    expect(await world.createTenant({ id: 'root' })).toMatchObject({ ok: false, error: { code: 'TENANT_EXISTS' } });
  });

  it.each([
    ['updateTenant', { name: 'Not the platform' }, 'Cannot edit root tenant'],
    ['deleteTenant', undefined, 'Cannot delete root tenant'],
    ['cancelTenantOperation', undefined, 'Cannot edit root tenant'],
  ] as const)('answers %s of the root tenant with ROOT_TENANT_IMMUTABLE', async (name, input, message) => {
    const world = await commandWorld();

    const reply = await world.send(name, { tenantId: 'root', input });

    expect(reply).toEqual({ ok: false, error: { code: 'ROOT_TENANT_IMMUTABLE', message } });
  });

  it('answers a command the tenant’s status does not allow with INVALID_STATE', async () => {
    const world = await commandWorld();
    await world.createTenant({ id: 'acme' });

    const reply = await world.send('updateTenant', { tenantId: 'acme', input: { name: 'Acme United' } });

    expect(reply).toEqual({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'Cannot update a tenant that is PENDING' },
    });
  });

  it('answers a command on an unknown tenant with NOT_FOUND', async () => {
    const world = await commandWorld();

    const reply = await world.send('deleteTenant', { tenantId: 'ghost' });

    expect(reply).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: "Tenant 'ghost' was not found" } });
  });

  it('masks an unexpected error as INTERNAL, and logs it without the credentials it held', async () => {
    const explodingPassword = 'Exploding-Pass-2026!';
    const world = await commandWorld({
      hashPassword: async (password) => {
        if (password === explodingPassword) throw new Error('hasher lost postgres://hasher:hunter2@10.0.0.9:5432/keys');
        return 'hashed';
      },
    });

    const reply = await world.createTenant({ id: 'acme', adminPassword: explodingPassword });

    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
    expect(world.answered).toEqual([['createTenant', 'INTERNAL']]);
    const logged = world.logs.find((line) => line['msg'] === 'command failed unexpectedly');
    expect(logged).toMatchObject({
      command: 'createTenant',
      error: 'hasher lost postgres://hasher:***@10.0.0.9:5432/keys',
    });
    expect(JSON.stringify(world.logs)).not.toContain('hunter2');
  });

  it('rejects a request without an actor, so that the transport answers with its opaque error', async () => {
    const world = await commandWorld();

    await expect(
      world.handlers.createTenant({ input: { id: 'acme', adminPassword: STRONG_PASSWORD } }, () => undefined),
    ).rejects.toThrow();
    expect(await world.events('acme')).toEqual([]);
  });
});
