import { postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { streamNameOf } from '@tenantry/tenant-domain';
import { TenantRepository } from '@tenantry/tenant-repository';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import pino from 'pino';
import { commandHandlers, CommandHandlers } from '../application/command-handlers';
import { TenantCommands } from '../application/tenant-commands';
import { ROOT_ADMIN, STRONG_PASSWORD } from '../__tests__/command-world';

const CREATE_ACME = {
  actor: ROOT_ADMIN,
  input: { id: 'acme', name: 'Acme FC', adminEmail: 'owner@acme.test', adminPassword: STRONG_PASSWORD },
};

describe('keyed commands over the PostgreSQL event store', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  /** Two tenant-command processes: each its own repository, one database. */
  let services: CommandHandlers[];

  beforeAll(async () => {
    database = await createTestDatabase('keyed_commands');
    store = postgresEventStore({ connectionString: database.url });
    await store.ensureSchema();
    services = [0, 1].map(() =>
      commandHandlers(
        new TenantCommands({
          repository: new TenantRepository(store),
          hashPassword: async () => 'hashed',
          encryptSecret: (plaintext) => `sealed-${plaintext.length}`,
          now: () => new Date(),
          tenantDatabasePrefix: 'tenantry',
        }),
        { logger: pino({ level: 'silent' }), metrics: { commandAnswered: () => undefined } },
        { hashSecret: 'keyed-commands-secret' },
      ),
    );
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('acts once on one key sent to both processes at once, and answers each with the first Accepted', async () => {
    const replies = await Promise.all(
      [0, 1, 0, 1].map((i) => services[i]!.createTenant({ ...CREATE_ACME, idempotencyKey: 'k-1' }, () => undefined)),
    );

    expect(replies.every((reply) => reply.ok)).toBe(true);
    expect(new Set(replies.map((reply) => JSON.stringify(reply))).size).toBe(1);
    expect((await store.readStream(streamNameOf('acme'))).map((e) => e.type)).toEqual(['TenantRequested']);
  });

  it('refuses the key for another tenant, whose stream stays empty: the store knows the key’s event ids', async () => {
    const reply = await services[1]!.createTenant(
      { ...CREATE_ACME, input: { ...CREATE_ACME.input, id: 'globex' }, idempotencyKey: 'k-1' },
      () => undefined,
    );

    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' } });
    expect(await store.readStream(streamNameOf('globex'))).toEqual([]);
  });
});
