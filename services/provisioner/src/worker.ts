import type { Logger } from '@tenantry/config';
import type { StoredEvent } from '@tenantry/event-store';
import { NatsNames, storedEventCodec } from '@tenantry/messaging';
import { tenantIdOfStream } from '@tenantry/tenant-domain';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, NatsConnection, nanos } from 'nats';
import { JobHooks, JobRunner } from './jobs/job-runner';
import { triggersJob } from './jobs/job-trigger';
import { JobDropped, JobScheduler } from './jobs/job-scheduler';
import { currentTraceHeaders, inSpan } from '@tenantry/observability';
import { Priority } from '@tenantry/tenant-domain';

export interface WorkerOptions {
  nats: NatsConnection;
  names: NatsNames;
  runner: JobRunner;
  logger: Logger;
  concurrency: number;
  ackWaitMs: number;
  /** A queued job gains one priority level per this many ms, so LOW never starves. */
  priorityAgingMs: number;
  /** Messages pulled ahead of the workers, so a HIGH job can overtake queued ones. */
  prefetch: number;
  /** Sees every event delivered to this process, in stream order, before its job is scheduled. */
  observe?(event: StoredEvent): void;
  /** Deliveries of a job message that throws before the job is given up (PROVISIONER_MAX_DELIVERIES). */
  maxDeliveries?: number;
}

/**
 * The JetStream side of the provisioner: a durable pull consumer shared by every
 * provisioner process. A message is acked only after its job's outcome is appended;
 * while a job runs the message is kept alive with `working()`, and a crash means
 * redelivery to another process, which resumes the job from the event store.
 */
/** PROVISIONER_MAX_DELIVERIES's default. */
const DEFAULT_MAX_DELIVERIES = 10;

export class ProvisionerWorker {
  private messages: ConsumerMessages | undefined;
  readonly scheduler: JobScheduler;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.scheduler = new JobScheduler(options.concurrency, options.priorityAgingMs);
  }

  async start(): Promise<void> {
    const { nats, names, ackWaitMs, concurrency } = this.options;
    const jsm = await nats.jetstreamManager();
    const config = {
      durable_name: names.consumers.provisioner,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: names.allEvents,
      ack_wait: nanos(ackWaitMs),
      max_deliver: -1,
      max_ack_pending: Math.max(this.options.prefetch, concurrency),
    };
    await jsm.consumers
      .add(names.stream, config)
      .catch(() => jsm.consumers.update(names.stream, config.durable_name, config));
    const consumer = await nats.jetstream().consumers.get(names.stream, names.consumers.provisioner);
    this.messages = await consumer.consume({ max_messages: Math.max(this.options.prefetch, concurrency) });
    this.loop = this.dispatch(this.messages);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    this.scheduler.dropQueued();
    while (this.scheduler.running > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private async dispatch(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      void this.handle(message);
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    let event;
    try {
      event = storedEventCodec.decode(message.data);
    } catch (error) {
      this.options.logger.error(
        { subject: message.subject, error: String(error) },
        'undecodable message, terminating it',
      );
      message.term();
      return;
    }
    this.options.observe?.(event);
    const tenantId = tenantIdOfStream(event.stream);
    if (!tenantId || !triggersJob(event.type)) {
      message.ack();
      return;
    }
    const operationId = String(event.data['operationId']);
    const correlationId = typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : undefined;
    // Each working() is a message to the server: a job's own calls (one per step) go only
    // once the last one is a sixth of the ack wait old; the interval covers long waits.
    let aliveAt = Date.now();
    const keepAlive = () => {
      aliveAt = Date.now();
      message.working();
    };
    const heartbeat = setInterval(keepAlive, Math.max(500, this.options.ackWaitMs / 3));
    const hooks = (): JobHooks => ({
      heartbeat: () => {
        if (Date.now() - aliveAt >= this.options.ackWaitMs / 6) keepAlive();
      },
      log: (text, fields) => this.options.logger.info({ tenantId, operationId, correlationId, ...fields }, text),
      correlationId,
      causationId: event.id,
      traceparent: currentTraceHeaders()['traceparent'],
    });
    try {
      const priority = Priority.catch('NORMAL').parse(event.data['priority']);
      const traceparent = message.headers?.get('traceparent') || undefined;
      await this.scheduler.submit(tenantId, priority, () =>
        inSpan(`provision ${event.type}`, { traceparent }, () => {
          this.options.logger.info({ tenantId, operationId, correlationId, trigger: event.type }, 'job started');
          return this.options.runner.run(tenantId, operationId, hooks());
        }),
      );
      message.ack();
    } catch (error) {
      if (error instanceof JobDropped) {
        message.nak();
        return;
      }
      const deliveries = message.info.deliveryCount;
      if (deliveries >= (this.options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES)) {
        await this.giveUp(message, tenantId, operationId, deliveries, error, hooks());
        return;
      }
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(message.info.redeliveryCount, 5));
      this.options.logger.error(
        { tenantId, operationId, error: error instanceof Error ? error.message : String(error) },
        `job interrupted, retrying in ${delay} ms (delivery ${deliveries})`,
      );
      message.nak(delay);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * The job failed on every delivery: fail its operation and end the message. Should even
   * that fail (the store is down), the message comes back and giving up is tried again.
   */
  private async giveUp(
    message: JsMsg,
    tenantId: string,
    operationId: string,
    deliveries: number,
    error: unknown,
    hooks: JobHooks,
  ): Promise<void> {
    try {
      await this.options.runner.giveUp(tenantId, operationId, deliveries, error, hooks);
      this.options.logger.error(
        { tenantId, operationId, deliveries },
        'job given up: its operation failed with the reason',
      );
      message.term();
    } catch (failure) {
      this.options.logger.error(
        { tenantId, operationId, error: failure instanceof Error ? failure.message : String(failure) },
        'job could not be given up yet, retrying',
      );
      message.nak(5_000);
    }
  }
}
