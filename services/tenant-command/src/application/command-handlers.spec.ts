import { COMMAND_NAMES, CommandName, CommandRequest, TenantEventType } from '@tenantry/tenant-domain';
import { acceptedOf, CommandWorld, commandWorld, ROOT_ADMIN, STRONG_PASSWORD } from '../__tests__/command-world';

/** For each command: a tenant in a state that allows it, the request, and the event it appends. */
const ROUTES: Record<
  CommandName,
  {
    given: (world: CommandWorld) => Promise<void>;
    request: Partial<CommandRequest>;
    appends: TenantEventType;
  }
> = {
  createTenant: {
    given: async () => undefined,
    request: { input: { id: 'acme', name: 'Acme FC', adminEmail: 'owner@acme.test', adminPassword: STRONG_PASSWORD } },
    appends: 'TenantRequested',
  },
  updateTenant: {
    given: (world) => tenantThat(world, 'completed'),
    request: { tenantId: 'acme', input: { name: 'Acme United' } },
    appends: 'TenantUpdateRequested',
  },
  retryTenantProvisioning: {
    given: (world) => tenantThat(world, 'failed'),
    request: { tenantId: 'acme' },
    appends: 'TenantRetryRequested',
  },
  cancelTenantOperation: {
    given: (world) => tenantThat(world, 'pending'),
    request: { tenantId: 'acme' },
    appends: 'TenantCancellationRequested',
  },
  deleteTenant: {
    given: (world) => tenantThat(world, 'completed'),
    request: { tenantId: 'acme' },
    appends: 'TenantDeletionRequested',
  },
};

/** Tenant `acme`, requested and then left pending, provisioned, or failed. */
async function tenantThat(world: CommandWorld, outcome: 'pending' | 'completed' | 'failed'): Promise<void> {
  const { operationId } = acceptedOf(await world.createTenant({ id: 'acme' }));
  if (outcome !== 'pending') await world.finishOperation('acme', operationId, outcome);
}

describe('tenant-command handlers', () => {
  it.each(COMMAND_NAMES)('%s reaches its own use case', async (name) => {
    const world = await commandWorld();
    const route = ROUTES[name];
    await route.given(world);

    const accepted = acceptedOf(await world.send(name, route.request));

    const events = await world.events('acme');
    expect(events.at(-1)).toMatchObject({
      type: route.appends,
      data: { tenantId: 'acme', operationId: accepted.operationId },
    });
    expect(accepted.version).toBe(events.length - 1);
    expect(world.answered.at(-1)).toEqual([name, 'accepted']);
  });

  it('accepts a new tenant as PENDING, recording who asked and only the hash of the password', async () => {
    const world = await commandWorld();

    const accepted = acceptedOf(await world.createTenant({ id: 'acme' }));

    expect(accepted).toEqual({ tenantId: 'acme', operationId: expect.any(String), status: 'PENDING', version: 0 });
    const [requested] = await world.events('acme');
    expect(requested).toMatchObject({
      type: 'TenantRequested',
      data: {
        requestedBy: `${ROOT_ADMIN.tenantId}/${ROOT_ADMIN.userId}`,
        adminEmail: 'owner@acme.test',
        database: { mode: 'SHARED', name: 'tenant_acme' },
      },
    });
    expect(JSON.stringify(requested?.data)).not.toContain(STRONG_PASSWORD);
  });

  it('encrypts the connection string of an EXTERNAL database before appending', async () => {
    const world = await commandWorld();
    const connectionString = 'postgres://owner:s3cret-pw@db.acme.test:5432/acme';

    acceptedOf(await world.createTenant({ id: 'acme', database: 'EXTERNAL', connectionString }));

    const [requested] = await world.events('acme');
    expect(requested?.data).toMatchObject({
      database: {
        mode: 'EXTERNAL',
        host: 'db.acme.test:5432',
        name: 'acme',
        connectionString: { ciphertext: `sealed-${connectionString.length}` },
      },
    });
    expect(JSON.stringify(requested?.data)).not.toContain('s3cret-pw');
  });

  it('keeps the correlation id of the request, or else of its header, on the events', async () => {
    const world = await commandWorld();

    await world.send(
      'createTenant',
      {
        correlationId: 'from-body',
        input: { id: 'acme', name: 'Acme', adminEmail: 'a@acme.test', adminPassword: STRONG_PASSWORD },
      },
      { 'x-correlation-id': 'from-header' },
    );
    await world.send(
      'createTenant',
      { input: { id: 'initech', name: 'Initech', adminEmail: 'a@initech.test', adminPassword: STRONG_PASSWORD } },
      { 'x-correlation-id': 'from-header' },
    );

    expect((await world.events('acme'))[0]?.metadata).toMatchObject({ correlationId: 'from-body' });
    expect((await world.events('initech'))[0]?.metadata).toMatchObject({ correlationId: 'from-header' });
  });

  it('logs each answer with its command, actor and outcome', async () => {
    const world = await commandWorld();

    await world.createTenant({ id: 'acme' });

    expect(world.logs).toContainEqual(
      expect.objectContaining({
        msg: 'command answered',
        command: 'createTenant',
        actor: `root/${ROOT_ADMIN.userId}`,
        outcome: 'accepted',
        tenantId: 'acme',
      }),
    );
  });
});
