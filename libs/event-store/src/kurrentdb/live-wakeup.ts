import {
  AllStreamSubscription,
  END,
  excludeSystemEvents,
  KurrentDBClient,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { WakeupSignal } from '../subscription/wakeup-signal';
import { KurrentLiveSubscriptionLost } from './errors';
import { StreamNaming } from './records';

export interface LiveWakeup {
  close(): Promise<void>;
}

/**
 * A live subscription to the end of `$all` whose only job is to wake the poller as
 * soon as something is appended; the poller reads and filters. A dropped
 * subscription is reported and re-established; meanwhile the poll interval applies.
 */
export function wakeOnAppends(
  client: KurrentDBClient,
  naming: StreamNaming,
  wakeup: WakeupSignal,
  onLost: (error: KurrentLiveSubscriptionLost) => void,
  resubscribeMs: number,
): LiveWakeup {
  let closed = false;
  let current: AllStreamSubscription | undefined;
  let retry: NodeJS.Timeout | undefined;

  const subscribe = () => {
    if (closed) return;
    const filter = naming.prefix ? streamNameFilter({ prefixes: [naming.prefix] }) : excludeSystemEvents();
    const subscription = client.subscribeToAll({ fromPosition: END, filter });
    current = subscription;
    let dropped = false;
    const drop = (cause: unknown) => {
      if (closed || dropped) return;
      dropped = true;
      onLost(new KurrentLiveSubscriptionLost({ cause }));
      retry = setTimeout(subscribe, resubscribeMs);
    };
    subscription.on('data', () => wakeup.notify());
    subscription.on('error', drop);
    subscription.on('close', () => drop(new Error('subscription closed by the server')));
  };
  subscribe();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await current?.unsubscribe().catch(() => undefined);
    },
  };
}
