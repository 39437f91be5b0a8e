import { connectNats, natsNames } from '@tenantry/messaging';
import { Msg, NatsConnection, Subscription } from 'nats';
import { StepReply, StepRequest, decodeJson, encodeJson } from './protocol';

export interface StepWorkerOptions {
  /** Where NATS is; ignored when `nats` is given. */
  natsUrl?: string;
  /** A connection of the application's own; the worker then leaves it open on stop. */
  nats?: NatsConnection;
  /** Tenantry's NATS_PREFIX ('' or unset: none). */
  prefix?: string;
  /** The step's name, as in TENANT_STEPS. */
  step: string;
  /** Does the step for this tenant. Must be idempotent by `request.idempotencyKey`; throw to fail the tenant with the message. */
  run: (request: StepRequest) => Promise<void>;
  /** Undoes it (tenant cancelled or deleted); idempotent too. Absent: nothing to undo. */
  undo?: (request: StepRequest) => Promise<void>;
  /** Queue group shared by every worker of the step; the default suits almost everyone. */
  queue?: string;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface StepWorker {
  /** The subject the worker answers on. */
  readonly subject: string;
  /** Graceful: takes no new request, finishes and answers those under way, then closes its connection (if it opened it). */
  stop(): Promise<void>;
}

/**
 * A step worker: answers the provisioner's requests for one step, in a queue group so
 * that several processes share the work. A request asked again while this process is
 * still working on it (the provisioner re-asks after a few seconds of silence) shares
 * the answer of the first instead of running the step twice at once.
 */
export async function createStepWorker(options: StepWorkerOptions): Promise<StepWorker> {
  const ownConnection = !options.nats;
  const nats =
    options.nats ??
    (await connectNats({ url: options.natsUrl ?? 'nats://127.0.0.1:4222', name: `step-worker-${options.step}` }));
  const subject = natsNames(options.prefix ?? '').stepSubject(options.step);
  const underWay = new Map<string, Promise<StepReply>>();
  const answering = new Set<Promise<void>>();
  const log = options.log ?? (() => undefined);

  const answer = async (message: Msg): Promise<void> => {
    const reply = await replyTo(message);
    if (message.reply) message.respond(encodeJson(reply));
  };

  const replyTo = async (message: Msg): Promise<StepReply> => {
    let request: StepRequest;
    try {
      request = StepRequest.parse(decodeJson(message.data));
    } catch (error) {
      return { ok: false, error: `Step '${options.step}' got a request it cannot read: ${messageOf(error)}` };
    }
    const key = `${request.action}:${request.idempotencyKey}`;
    let reply = underWay.get(key);
    if (!reply) {
      reply = perform(request).finally(() => underWay.delete(key));
      underWay.set(key, reply);
    }
    return reply;
  };

  const perform = async (request: StepRequest): Promise<StepReply> => {
    const work = request.action === 'run' ? options.run : options.undo;
    log(`${request.action} ${options.step}`, {
      tenantId: request.tenantId,
      idempotencyKey: request.idempotencyKey,
      attempt: request.attempt,
    });
    try {
      await work?.(request);
      return { ok: true };
    } catch (error) {
      log(`${request.action} ${options.step} failed`, { tenantId: request.tenantId, error: messageOf(error) });
      return { ok: false, error: messageOf(error) };
    }
  };

  const subscription: Subscription = nats.subscribe(subject, {
    queue: options.queue ?? `tenantry-steps-${options.step}`,
    callback: (error, message) => {
      if (error) return;
      const answered = answer(message).catch(() => undefined);
      answering.add(answered);
      void answered.finally(() => answering.delete(answered));
    },
  });
  // The subscription is known to the server before anyone is told the worker is up.
  await nats.flush();
  log(`step worker ${options.step} answering on ${subject}`, { subject });

  return {
    subject,
    async stop() {
      await subscription.drain();
      await Promise.allSettled([...answering]);
      if (ownConnection) await nats.drain();
      else await nats.flush();
    },
  };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
