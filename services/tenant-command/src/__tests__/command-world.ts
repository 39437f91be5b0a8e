import { Writable } from 'node:stream';
import pino from 'pino';
import { EventStore, StoredEvent, inMemoryEventStore, newEventId } from '@tenantry/event-store';
import {
  Actor,
  CommandMetadata,
  CommandName,
  CommandReply,
  CommandRequest,
  streamNameOf,
} from '@tenantry/tenant-domain';
import { TenantRepository } from '@tenantry/tenant-repository';
import { CommandHandlers, commandHandlers } from '../application/command-handlers';
import { CommandServices, TenantCommands } from '../application/tenant-commands';

export const ROOT_ADMIN: Actor = { userId: 'root-admin', tenantId: 'root', roles: ['admin'] };
export const STRONG_PASSWORD = 'Tenant-Admin-2026!';
export const NOW = new Date('2026-03-01T09:00:00.000Z');

/** The command service over an in-memory event store, with what it logs and counts. */
export interface CommandWorld {
  store: EventStore;
  repository: TenantRepository;
  handlers: CommandHandlers;
  /** The JSON lines it logged. */
  logs: Array<Record<string, unknown>>;
  /** `commandAnswered` calls: [command, outcome]. */
  answered: Array<[string, string]>;
  /** How many passwords it hashed. */
  hashes(): number;
  /** Sends `name` as the gateway would: as the root administrator unless `request.actor` says otherwise. */
  send(name: CommandName, request: Partial<CommandRequest>, headers?: Record<string, string>): Promise<CommandReply>;
  createTenant(input: Record<string, unknown>): Promise<CommandReply>;
  events(tenantId: string): Promise<StoredEvent[]>;
  /** Plays the provisioner: starts the tenant's current operation, then completes or fails it. */
  finishOperation(tenantId: string, operationId: string, outcome: 'completed' | 'failed'): Promise<void>;
}

export async function commandWorld(overrides: Partial<CommandServices> = {}): Promise<CommandWorld> {
  const store = inMemoryEventStore({ clock: () => NOW });
  const repository = new TenantRepository(store);
  let hashed = 0;
  const commands = new TenantCommands({
    repository,
    hashPassword: async (password) => `hashed-${++hashed}-${password.length}`,
    encryptSecret: (plaintext) => `sealed-${plaintext.length}`,
    now: () => NOW,
    tenantDatabasePrefix: 'tenantry',
    ...overrides,
  });
  await commands.seedRootTenant('admin@tenantry.test', STRONG_PASSWORD);

  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(line, _encoding, done) {
      logs.push(JSON.parse(String(line)));
      done();
    },
  });
  const answered: Array<[string, string]> = [];
  const handlers = commandHandlers(
    commands,
    {
      logger: pino({ level: 'info' }, sink),
      metrics: { commandAnswered: (command, outcome) => void answered.push([command, outcome]) },
    },
    { hashSecret: 'test-idempotency-secret' },
  );
  const send: CommandWorld['send'] = (name, request, headers = {}) =>
    handlers[name]({ actor: ROOT_ADMIN, ...request }, (header) => headers[header]);
  const metadata = (): CommandMetadata => ({
    requestedBy: 'provisioner',
    now: NOW.toISOString(),
    newOperationId: newEventId(),
  });

  return {
    store,
    repository,
    handlers,
    logs,
    answered,
    hashes: () => hashed,
    send,
    createTenant: (input) =>
      send('createTenant', {
        input: { name: 'Acme FC', adminEmail: 'owner@acme.test', adminPassword: STRONG_PASSWORD, ...input },
      }),
    events: (tenantId) => store.readStream(streamNameOf(tenantId)),
    async finishOperation(tenantId, operationId, outcome) {
      await repository.handle({
        type: 'StartOperation',
        data: { tenantId, operationId, attempt: 1 },
        metadata: metadata(),
      });
      await repository.handle(
        outcome === 'completed'
          ? { type: 'CompleteOperation', data: { tenantId, operationId }, metadata: metadata() }
          : { type: 'FailOperation', data: { tenantId, operationId, error: 'disk full' }, metadata: metadata() },
      );
    },
  };
}

/** The reply's Accepted, or a failure naming the error it carried instead. */
export function acceptedOf(reply: CommandReply) {
  if (!reply.ok) throw new Error(`expected Accepted, got ${reply.error.code}: ${reply.error.message}`);
  return reply.accepted;
}
