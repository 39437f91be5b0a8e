import type { NatsNames } from '@tenantry/messaging';
import { AckPolicy, ConsumerInfo, DeliverPolicy, JetStreamManager, nanos, ReplayPolicy } from 'nats';

export interface ProjectorConsumerOptions {
  ackWaitMs: number;
  maxAckPending: number;
}

export type ConsumerPlacement = 'reused' | 'created' | 'repositioned';

/**
 * Makes the projector's durable pull consumer deliver from `checkpoint + 1`.
 *
 * The checkpoint, committed with the views, is the truth; the consumer is only a
 * cursor. A consumer that is anywhere else (messages still pending from a previous
 * leader, or tables rebuilt behind it) is deleted and created again at the checkpoint,
 * so that a new leader never receives events out of order: JetStream would redeliver
 * a previous leader's unacknowledged messages only after `ack_wait`, behind later ones.
 * A consumer of another acknowledgement policy (an earlier version's, which acknowledged
 * each message) is replaced the same way.
 */
export async function placeProjectorConsumer(
  jsm: JetStreamManager,
  names: NatsNames,
  checkpoint: number,
  options: ProjectorConsumerOptions,
): Promise<ConsumerPlacement> {
  const durable = names.consumers.projector;
  const existing = await consumerInfo(jsm, names.stream, durable);
  if (existing && isAt(existing, checkpoint) && existing.config.ack_policy === AckPolicy.All) return 'reused';
  if (existing) await jsm.consumers.delete(names.stream, durable);
  await jsm.consumers.add(names.stream, {
    durable_name: durable,
    filter_subject: names.allEvents,
    // The projector applies messages in order: acknowledging a batch's last one acknowledges the batch.
    ack_policy: AckPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
    max_ack_pending: options.maxAckPending,
    replay_policy: ReplayPolicy.Instant,
    ...(checkpoint > 0
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: checkpoint + 1 }
      : { deliver_policy: DeliverPolicy.All }),
  });
  return existing ? 'repositioned' : 'created';
}

const isAt = (info: ConsumerInfo, checkpoint: number) =>
  info.num_ack_pending === 0 && info.delivered.stream_seq === checkpoint && info.ack_floor.stream_seq === checkpoint;

export async function consumerInfo(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes the projector's durable consumer if there is one (the rebuild does, before replaying). */
export async function deleteProjectorConsumer(jsm: JetStreamManager, names: NatsNames): Promise<boolean> {
  try {
    return await jsm.consumers.delete(names.stream, names.consumers.projector);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** JetStream API "consumer not found" (10014) or "stream not found" (10059). */
export const isNotFound = (error: unknown): boolean => {
  const code = (error as { api_error?: { err_code?: number } })?.api_error?.err_code;
  return code === 10014 || code === 10059 || /not found/i.test(String((error as Error)?.message));
};
