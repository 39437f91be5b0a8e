import {
  Config,
  createLogger,
  tenantsDatabaseUrl,
  eventStoreSelection,
  redactCredentials,
  runService,
} from '@tenantry/config';
import { createEventStore } from '@tenantry/event-store';
import { connectNats, ensureTenantEventsStream, natsAccess, natsAppendAnnouncer, natsNames } from '@tenantry/messaging';
import { tenantMigrationsFor } from '@tenantry/tenant-database';
import { prepareSchema } from '@tenantry/postgres';
import { TenantRepository } from '@tenantry/tenant-repository';
import { JobRunner } from './jobs/job-runner';
import { provisionerTenantConnections } from './tenant-connections';
import { natsStepWorkers } from './steps/step-workers';
import { SpareDatabases } from './steps/spare-databases';
import { TenantStorage } from './steps/tenant-storage';
import { ProvisionerWorker } from './worker';
import { provisionerMetrics } from './metrics';
import { createMetricsRegistry, initTracing, startOpsServer } from '@tenantry/observability';
import { JobObserver } from './jobs/job-runner';

export interface RunningProvisioner {
  close(): Promise<void>;
}

/** provisioner: runs tenant jobs from TENANT_EVENTS and appends their outcomes. */
export async function startProvisioner(config: Config): Promise<RunningProvisioner> {
  const logger = createLogger('provisioner', config.LOG_LEVEL);
  const tracing = initTracing('provisioner', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const names = natsNames(config.NATS_PREFIX);
  // Read once, before anything connects: a bad folder stops the start with its reason.
  const migrations = tenantMigrationsFor(config.TENANT_MIGRATIONS_DIR);
  // Its appends are announced to the relay on NATS (a NOTIFY until connected).
  const announcer = natsAppendAnnouncer(names);
  const store = createEventStore(eventStoreSelection(config), { announceAppends: () => announcer.announce() });
  // Production: refuses to start on a schema that is behind (`npm run migrate`); otherwise migrates.
  await prepareSchema(config.DATABASE_URL, store.migrations, {
    nodeEnv: config.NODE_ENV,
    onApplied: ({ component, name }) =>
      logger.info({ component, migration: name }, 'applied a control-plane migration'),
  });
  await store.ensureSchema();
  const connections = provisionerTenantConnections();
  const nats = await connectNats({
    ...natsAccess(config),
    name: 'provisioner',
    inboxPrefix: names.inboxPrefix('provisioner'),
  });
  announcer.connect(nats);
  const jsm = await nats.jetstreamManager();
  await ensureTenantEventsStream(jsm, names, { replicas: config.NATS_STREAM_REPLICAS });
  const registry = createMetricsRegistry('provisioner');
  // The worker is made below; the metrics read it lazily.
  let worker: ProvisionerWorker | undefined;
  const metrics = provisionerMetrics(registry, {
    jsm,
    names,
    running: () => worker?.scheduler.running ?? 0,
    oldestQueuedAt: () => worker?.scheduler.oldestQueuedAt,
  });
  const observer: JobObserver = { stepFinished: metrics.stepFinished, jobFinished: metrics.jobFinished };
  // The worker shows the repository every event delivered here, so a job starts from the
  // folded state without reading its stream (a stale one conflicts on append and is re-read).
  const repository = new TenantRepository(store, { followsEvents: () => true });
  const spares = new SpareDatabases(connections, tenantsDatabaseUrl(config), {
    count: config.TENANT_SPARE_DATABASES,
    prefix: config.TENANT_DATABASE_PREFIX,
    onError: (error) =>
      logger.warn(
        { error: redactCredentials(error instanceof Error ? error.message : String(error)) },
        'a spare database for ISOLATED tenants could not be made or taken (TENANT_SPARE_DATABASES=0 turns spares off)',
      ),
  });
  const runner = new JobRunner(
    repository,
    new TenantStorage(connections, tenantsDatabaseUrl(config), migrations, spares),
    {
      tenantsDatabaseUrl: tenantsDatabaseUrl(config),
      secretsKey: config.SECRETS_KEY,
      maxAttempts: config.PROVISIONER_MAX_ATTEMPTS,
      backoffMs: config.PROVISIONER_BACKOFF_MS,
      pauseBeforeStep: config.PROVISIONER_PAUSE_BEFORE_STEP,
      pauseAfterStep: config.PROVISIONER_PAUSE_AFTER_STEP,
      stepDelayMs: config.PROVISIONER_STEP_DELAY_MS,
      poisonTenant: config.PROVISIONER_POISON_TENANT,
    },
    () => new Date(),
    observer,
    natsStepWorkers(nats, names, { timeoutSeconds: config.TENANT_STEP_TIMEOUT_SECONDS }),
  );
  worker = new ProvisionerWorker({
    nats,
    names,
    runner,
    logger,
    concurrency: config.PROVISIONER_CONCURRENCY,
    ackWaitMs: config.PROVISIONER_ACK_WAIT_MS,
    priorityAgingMs: config.PROVISIONER_PRIORITY_AGING_MS,
    prefetch: config.PROVISIONER_PREFETCH,
    maxDeliveries: config.PROVISIONER_MAX_DELIVERIES,
    observe: (event) => repository.observe([event]),
  });
  await worker.start();
  spares.topUp();
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    registry,
    checks: { eventStore: async () => void (await store.readStream('readiness-probe')), nats: () => nats.flush() },
  });
  logger.info(
    { consumer: names.consumers.provisioner, opsPort: ops.port, tenantMigrations: migrations.length },
    'provisioner is waiting for jobs',
  );
  const running = worker;
  return {
    async close() {
      await running.stop();
      await spares.close();
      await ops.close();
      await nats.drain().catch(() => undefined);
      await connections.close();
      await store.close();
      await tracing.shutdown();
    },
  };
}

if (require.main === module) runService('provisioner', startProvisioner);
