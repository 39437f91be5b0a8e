import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamConfig, StreamInfo } from 'nats';
import { NatsNames } from '../nats-names';
import { apiErrorCode, isJetStreamUnavailable } from './jetstream-unavailable';

export interface TenantEventsStreamOptions {
  /** Window in which the server drops a re-published `Nats-Msg-Id`; 2 minutes by default. */
  duplicateWindowMs?: number;
  /**
   * Copies the cluster keeps (NATS_STREAM_REPLICAS); 1 by default. The durable consumers
   * (provisioner, projector) are created without a replica count of their own, so they
   * follow the stream's.
   */
  replicas?: number;
}

const STREAM_NAME_IN_USE = 10058;
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * Creates the tenant events stream, or brings an existing one to this configuration.
 * Safe to call from every service at start, concurrently.
 */
export async function ensureTenantEventsStream(
  jsm: JetStreamManager,
  names: NatsNames,
  options: TenantEventsStreamOptions = {},
): Promise<StreamInfo> {
  const replicas = options.replicas ?? 1;
  const settings = {
    subjects: [names.allEvents],
    duplicate_window: nanos(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
  };
  return whileStreamUnavailable(async () => {
    try {
      return await jsm.streams.add({
        name: names.stream,
        ...settings,
        num_replicas: replicas,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
      });
    } catch (error) {
      // The stream exists with another configuration: update what we own, keep the rest.
      if (apiErrorCode(error) !== STREAM_NAME_IN_USE) throw error;
      const existing = await jsm.streams.info(names.stream);
      // Replicas only go up: a service started without the setting (or an older one during a
      // rollout) must not take copies away that an operator or another service asked for.
      const wanted = { ...settings, num_replicas: Math.max(existing.config.num_replicas, replicas) };
      // Every service calls this at start: an update that changes nothing is not sent, since
      // a clustered stream answers no update while it elects a leader (after a scale-up).
      if (isAlready(existing.config, wanted)) return existing;
      return jsm.streams.update(names.stream, wanted);
    }
  });
}

const isAlready = (
  config: StreamConfig,
  wanted: Pick<StreamConfig, 'subjects' | 'duplicate_window' | 'num_replicas'>,
) =>
  config.num_replicas === wanted.num_replicas &&
  config.duplicate_window === wanted.duplicate_window &&
  JSON.stringify(config.subjects) === JSON.stringify(wanted.subjects);

/**
 * A clustered stream without a leader (a node just died, or its replicas changed) leaves
 * JetStream API requests unanswered for a few seconds: try again until it has one, rather
 * than fail the start of the service.
 */
async function whileStreamUnavailable<T>(attempt: () => Promise<T>, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isJetStreamUnavailable(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
