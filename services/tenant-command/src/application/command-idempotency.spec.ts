import { IDEMPOTENCY_KEY_REUSED } from '@tenantry/tenant-domain';
import { acceptedOf, commandWorld, STRONG_PASSWORD } from '../__tests__/command-world';

const CREATE_ACME = {
  input: { id: 'acme', name: 'Acme FC', adminEmail: 'owner@acme.test', adminPassword: STRONG_PASSWORD },
};
const OTHER_ADMIN = { userId: 'other-admin', tenantId: 'root', roles: ['admin'] };

describe('tenant-command idempotency keys', () => {
  it('answers a create sent twice with one key with the first Accepted, appending once', async () => {
    const world = await commandWorld();

    const first = acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }));
    const second = acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }));

    expect(second).toEqual(first);
    expect(await world.events('acme')).toHaveLength(1);
  });

  it('answers two concurrent requests with one key once', async () => {
    const world = await commandWorld();

    const replies = await Promise.all(
      [1, 2, 3].map(() => world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' })),
    );

    expect(replies.map(acceptedOf)).toEqual([
      acceptedOf(replies[0]!),
      acceptedOf(replies[0]!),
      acceptedOf(replies[0]!),
    ]);
    expect(await world.events('acme')).toHaveLength(1);
  });

  it('refuses a key reused with another input or command, doing nothing', async () => {
    const world = await commandWorld();
    acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }));

    const otherInput = await world.send('createTenant', {
      input: { ...CREATE_ACME.input, id: 'globex' },
      idempotencyKey: 'k-1',
    });
    const otherCommand = await world.send('deleteTenant', { tenantId: 'acme', idempotencyKey: 'k-1' });

    const refusal = {
      ok: false,
      error: {
        code: 'BAD_USER_INPUT',
        message: IDEMPOTENCY_KEY_REUSED,
        fields: [{ field: 'idempotencyKey', message: IDEMPOTENCY_KEY_REUSED }],
      },
    };
    expect(otherInput).toEqual(refusal);
    expect(otherCommand).toEqual(refusal);
    expect(await world.events('globex')).toEqual([]);
    expect(await world.events('acme')).toHaveLength(1);
  });

  it('treats the same input with its keys in another order as the same request', async () => {
    const world = await commandWorld();
    const first = acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }));
    const reordered = Object.fromEntries(Object.entries(CREATE_ACME.input).reverse());

    expect(acceptedOf(await world.send('createTenant', { input: reordered, idempotencyKey: 'k-1' }))).toEqual(first);
  });

  it('scopes a key to its principal: another administrator’s same key is another request', async () => {
    const world = await commandWorld();
    acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }));

    const other = await world.send('createTenant', { ...CREATE_ACME, actor: OTHER_ADMIN, idempotencyKey: 'k-1' });

    expect(other).toMatchObject({ ok: false, error: { code: 'TENANT_EXISTS' } });
  });

  it('acts again after an unexpected failure, and decides a refused request again (it did nothing)', async () => {
    let failing = false;
    const world = await commandWorld({
      hashPassword: async () => {
        if (failing) throw new Error('hasher down');
        return 'hashed';
      },
    });
    failing = true;

    expect(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    failing = false;
    const created = acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }));
    expect(acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'k-1' }))).toEqual(created);

    const rename = { tenantId: 'acme', input: { name: 'Acme United' }, idempotencyKey: 'k-2' };
    expect(await world.send('updateTenant', rename)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await world.finishOperation('acme', created.operationId, 'completed');
    const renamed = acceptedOf(await world.send('updateTenant', rename));
    expect(renamed).toMatchObject({ status: 'UPDATING' });
    expect(acceptedOf(await world.send('updateTenant', rename))).toEqual(renamed);
  });

  it('answers a repeat with the first Accepted even after its operation finished, appending nothing', async () => {
    const world = await commandWorld();
    const created = acceptedOf(await world.createTenant({ id: 'acme' }));
    await world.finishOperation('acme', created.operationId, 'completed');
    const rename = { tenantId: 'acme', input: { name: 'Acme United' }, idempotencyKey: 'k-1' };
    const first = acceptedOf(await world.send('updateTenant', rename));
    await world.finishOperation('acme', first.operationId, 'completed');
    const eventsBefore = (await world.events('acme')).length;

    expect(acceptedOf(await world.send('updateTenant', rename))).toEqual(first);
    expect(await world.events('acme')).toHaveLength(eventsBefore);
  });

  it('keeps the key out of the events: their ids and metadata hold only keyed hashes of it', async () => {
    const world = await commandWorld();
    acceptedOf(await world.send('createTenant', { ...CREATE_ACME, idempotencyKey: 'the-clients-own-key' }));

    const [requested] = await world.events('acme');
    expect(JSON.stringify({ ...requested, revision: undefined })).not.toContain('the-clients-own-key');
    expect(requested?.metadata['requestHash']).toEqual(expect.any(String));
  });

  it('acts on every request without a key, as before', async () => {
    const world = await commandWorld();
    acceptedOf(await world.send('createTenant', CREATE_ACME));

    expect(await world.send('createTenant', CREATE_ACME)).toMatchObject({
      ok: false,
      error: { code: 'TENANT_EXISTS' },
    });
  });
});
