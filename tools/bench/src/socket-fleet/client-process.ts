import { NotificationSocket } from '../ws-client';
import { FleetOrder, FleetReport, sourceAddressOf } from './fleet-protocol';

/**
 * One client process of measure 6: opens its share of the background graphql-ws
 * connections and holds them until told to stop. Several of these keep the bench's
 * own event loop and file-descriptor limit from being what the measure measures.
 */
const report = (message: FleetReport): void => {
  process.send?.(message);
};

/** Tries per connection before the process reports a failure. */
const OPEN_ATTEMPTS = 3;
const sockets: NotificationSocket[] = [];
let strayArrivals = 0;

async function open(order: FleetOrder): Promise<void> {
  let failure: string | undefined;
  let failed = 0;
  let next = 0;
  const openOne = async (): Promise<void> => {
    while (next < order.count) {
      const index = order.firstIndex + next++;
      // A busy gateway may miss graphql-ws's 3 s connection_init deadline (4408): try again, a few times.
      for (let attempt = 1; ; attempt++) {
        const socket = new NotificationSocket(
          order.url,
          order.tokens[index % order.tokens.length]!,
          () => (strayArrivals += 1),
          sourceAddressOf(index),
        );
        try {
          await socket.open(60_000);
          sockets.push(socket);
          if (sockets.length % 500 === 0) report({ kind: 'progress', opened: sockets.length });
          break;
        } catch (error) {
          socket.close();
          if (attempt < OPEN_ATTEMPTS) continue;
          // Reported, and the others still opened: the figure is what the gateway held.
          failed += 1;
          failure ??= error instanceof Error ? error.message : String(error);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(order.inFlight, order.count) }, openOne));
  report({
    kind: 'ready',
    opened: sockets.length,
    failure: failure && `${failed} connections failed ${OPEN_ATTEMPTS} times, first: ${failure}`,
  });
}

process.on('message', (message: { open?: FleetOrder; stop?: true }) => {
  if (message.open) void open(message.open);
  if (message.stop) {
    for (const socket of sockets) socket.close();
    report({ kind: 'closed', strayArrivals });
    process.disconnect?.();
    setImmediate(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
