import { GlobalPosition, ReadAllOptions, START, StoredEvent, SubscribeOptions, Subscription } from '../event-store';
import { WakeupSignal } from './wakeup-signal';

/** A read of the global log that also says whether later events exist that are not readable yet. */
export interface LogRead {
  events: StoredEvent[];
  /** Events after these are committed-to-be but held back by a transaction still running. */
  heldBack: boolean;
}

export interface PollingSubscriptionOptions extends SubscribeOptions {
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Used instead of `readAll` where the adapter can tell what it held back (PostgreSQL). */
  readLog?(options: ReadAllOptions): Promise<LogRead>;
  /** Notified by the adapter when new events may be readable (NOTIFY, in-process append). */
  wakeup: WakeupSignal;
  /** Fallback poll interval: catches events whose notification was missed or not yet readable. */
  pollIntervalMs: number;
  /** Released after the loop has stopped (e.g. the LISTEN connection). */
  onClose?(): Promise<void>;
}

const DEFAULT_BATCH_SIZE = 500;
/**
 * After a notification, an empty read means the new events wait behind a transaction
 * still running (they are not readable until it ends): look again soon, a few times,
 * rather than a whole poll interval later. That transaction is most often another append,
 * over within a millisecond or two (traced in the bench's first measure, where creates,
 * their provisioning and updates run together: 13% of the relay's wake-ups found nothing
 * yet, and their events 1–5 ms later), so the first looks are 1 ms apart.
 */
const RETRY_AFTER_NOTIFY_MS = [1, 1, 1, 2, 5, 10, 20, 40, 80];
/**
 * A read that returned events but held later ones back looks again 5 ms later, then twice
 * as long each time while they stay held back (at most the poll interval). The held-back
 * append most often wakes the loop itself first (its own notification); otherwise (its
 * notification came before this read, or the bound was held back by a transaction that
 * ended without one) nothing would wake the loop before the poll interval.
 */
const FIRST_RECHECK_MS = 5;

/**
 * Reads the global log in batches from `after`, hands each batch to `onEvents`
 * and waits for it before reading on. A failed read or handler is reported to
 * `onError` and the same batch is retried after the poll interval.
 */
export function pollingSubscription(options: PollingSubscriptionOptions): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let position: GlobalPosition = options.after ?? START;
  let closed = false;
  let closing: Promise<void> | undefined;

  const read = async (request: ReadAllOptions): Promise<Partial<LogRead> & { events: StoredEvent[] }> =>
    options.readLog ? options.readLog(request) : { events: await options.readAll(request) };
  const loop = async () => {
    let retries = RETRY_AFTER_NOTIFY_MS.length;
    let recheckMs = FIRST_RECHECK_MS;
    while (!closed) {
      let fullBatch = false;
      let empty = false;
      let heldBack: boolean | undefined;
      try {
        const { events, heldBack: held } = await read({ after: position, limit: batchSize });
        if (closed) break;
        heldBack = held;
        empty = events.length === 0;
        if (!empty) {
          await options.onEvents(events);
          position = events[events.length - 1]!.position;
          fullBatch = events.length === batchSize;
        }
      } catch (error) {
        if (closed) break;
        options.onError?.(error);
      }
      if (fullBatch || closed) continue;
      // An adapter that says what it held back is believed; one that cannot tell is after an empty read.
      if (empty && (heldBack ?? true) && retries < RETRY_AFTER_NOTIFY_MS.length) {
        await options.wakeup.wait(RETRY_AFTER_NOTIFY_MS[retries++]!);
        continue;
      }
      if (!empty && heldBack) {
        const notified = await options.wakeup.wait(Math.min(recheckMs, options.pollIntervalMs));
        recheckMs = notified ? FIRST_RECHECK_MS : recheckMs * 2;
        if (notified) retries = 0;
        continue;
      }
      recheckMs = FIRST_RECHECK_MS;
      const notified = await options.wakeup.wait(options.pollIntervalMs);
      retries = notified ? 0 : RETRY_AFTER_NOTIFY_MS.length;
    }
  };
  const running = loop();

  return {
    wake: () => options.wakeup.notify(),
    close() {
      closing ??= (async () => {
        closed = true;
        options.wakeup.notify();
        await running;
        await options.onClose?.();
      })();
      return closing;
    },
  };
}
