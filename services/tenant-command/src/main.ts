import { externalHostCheck } from './application/external-host-check';
import { hashPassword } from '@tenantry/auth';
import { Config, createLogger, encryptSecret, eventStoreSelection, runService } from '@tenantry/config';
import { createEventStore } from '@tenantry/event-store';
import { EventRelay, connectNats, natsAccess, natsAppendAnnouncer, natsNames } from '@tenantry/messaging';
import { prepareSchema } from '@tenantry/postgres';
import { tenantCommandMigrations } from './control-plane-schema';
import { startTenantEventsRelay } from './relay';
import { TenantCommands } from './application/tenant-commands';
import { TenantRepository } from '@tenantry/tenant-repository';
import { commandHandlers } from './application/command-handlers';
import { serveCommands } from './command-server';
import { tenantCommandMetrics } from './metrics';
import { createMetricsRegistry, initTracing, startOpsServer } from '@tenantry/observability';

export interface RunningTenantCommand {
  close(): Promise<void>;
}

/**
 * tenant-command: answers commands over NATS request-reply once their events are
 * durable, seeds the root tenant, and runs the relay (store → JetStream; one active
 * relay across instances).
 */
export async function startTenantCommand(config: Config): Promise<RunningTenantCommand> {
  const logger = createLogger('tenant-command', config.LOG_LEVEL);
  const tracing = initTracing('tenant-command', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const names = natsNames(config.NATS_PREFIX);
  // The store's one follower is the relay, leading in one process at a time: while it leads
  // here (woken directly by each append), no other process waits for this one's appends.
  let relay: EventRelay | undefined;
  // While another process's relay leads, this one's appends are announced to it on NATS.
  const announcer = natsAppendAnnouncer(names);
  const store = createEventStore(eventStoreSelection(config), {
    othersFollow: () => relay?.status.role !== 'leader',
    announceAppends: () => announcer.announce(),
  });
  // Production: refuses to start on a schema that is behind (`npm run migrate`); otherwise migrates.
  await prepareSchema(config.DATABASE_URL, tenantCommandMigrations(config.EVENT_STORE), {
    nodeEnv: config.NODE_ENV,
    onApplied: ({ component, name }) =>
      logger.info({ component, migration: name }, 'applied a control-plane migration'),
  });
  await store.ensureSchema();

  // The leading relay reads every event as it is stored: while it leads, the folded states it
  // feeds are current and a command is decided without reading its stream first.
  const repository = new TenantRepository(store, { followsEvents: () => relay?.status.role === 'leader' });
  const commands = new TenantCommands({
    repository,
    hashPassword,
    encryptSecret: (plaintext) => encryptSecret(plaintext, config.SECRETS_KEY),
    now: () => new Date(),
    tenantDatabasePrefix: config.TENANT_DATABASE_PREFIX,
    checkExternalHost: externalHostCheck({
      refusePrivate: config.NODE_ENV === 'production',
      allowedHosts: config.EXTERNAL_DB_ALLOWED_HOSTS,
    }),
    customSteps: config.TENANT_STEPS,
  });
  await commands.seedRootTenant(config.ROOT_ADMIN_EMAIL, config.ROOT_ADMIN_PASSWORD);

  const nats = await connectNats({
    ...natsAccess(config),
    name: 'tenant-command-relay',
    inboxPrefix: names.inboxPrefix('tenant-command'),
    // nats.js otherwise captures two stack traces per JetStream publish: ~6% of this
    // process's busy time, which the commands share.
    noAsyncTraces: true,
  });
  announcer.connect(nats);
  const registry = createMetricsRegistry('tenant-command');
  const metrics = tenantCommandMetrics(registry);
  relay = await startTenantEventsRelay({
    store,
    databaseUrl: config.DATABASE_URL,
    nats,
    names,
    streamReplicas: config.NATS_STREAM_REPLICAS,
    logger,
    onStatus: metrics.relayStatus,
    observe: (events) => repository.observe(events),
  });
  const relaying = relay;

  const commandsNats = await connectNats({
    ...natsAccess(config),
    name: 'tenant-command',
    inboxPrefix: names.inboxPrefix('tenant-command'),
    noAsyncTraces: true,
  });
  const server = serveCommands(
    commandsNats,
    commandHandlers(commands, { logger, metrics }, { hashSecret: config.SECRETS_KEY }),
    {
      subjectOf: (name) => names.commandSubject(name),
      queue: `${names.commands}.workers`,
      // On close, stop taking commands first (the queue group's other members get the
      // next ones), and give those in hand a moment to be answered: a rolling restart
      // drops none, so the gateway need not wait out its timeout and send them again.
      gracePeriodMs: COMMANDS_IN_HAND_GRACE_MS,
      logger,
    },
  );
  // The subscriptions are on the server once this round trip is done.
  await commandsNats.flush();
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    registry,
    checks: { eventStore: async () => void (await store.readStream('readiness-probe')), nats: () => nats.flush() },
  });
  logger.info(
    { prefix: config.NATS_PREFIX || '(none)', opsPort: ops.port },
    'tenant-command is listening for commands',
  );

  return {
    async close() {
      await server.close();
      await commandsNats.drain().catch(() => undefined);
      await ops.close();
      await relaying.stop();
      await nats.drain().catch(() => undefined);
      await store.close();
      await tracing.shutdown();
    },
  };
}

/** How long a closing tenant-command keeps answering the commands it already took. */
const COMMANDS_IN_HAND_GRACE_MS = 1_000;

if (require.main === module) runService('tenant-command', startTenantCommand);
