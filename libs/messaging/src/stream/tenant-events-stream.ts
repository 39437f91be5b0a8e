import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamInfo } from 'nats';
import { NatsNames } from '../nats-names';

export interface TenantEventsStreamOptions {
  /** Window in which the server drops a re-published `Nats-Msg-Id`; 2 minutes by default. */
  duplicateWindowMs?: number;
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
  const settings = {
    subjects: [names.allEvents],
    duplicate_window: nanos(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
  };
  try {
    return await jsm.streams.add({
      name: names.stream,
      ...settings,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
    });
  } catch (error) {
    // The stream exists with another configuration: update what we own, keep the rest.
    if (apiErrorCode(error) !== STREAM_NAME_IN_USE) throw error;
    return jsm.streams.update(names.stream, settings);
  }
}

const apiErrorCode = (error: unknown): number | undefined =>
  (error as { api_error?: { err_code?: number } })?.api_error?.err_code;
