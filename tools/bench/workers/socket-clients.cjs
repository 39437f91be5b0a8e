'use strict';
/**
 * One client process of measure 6 (plain JavaScript, like the other workers, so the bench
 * runs it from source or compiled alike): opens its share of the background graphql-ws
 * connections and holds them until told to stop. Several of these keep the bench's own
 * event loop and open-files limit from being what the measure measures. Orders and reports
 * are socket-fleet.ts's FleetOrder and FleetReport.
 */
const WebSocket = require('ws');

const SUBSCRIPTION =
  'subscription($scope: NotificationScope) { notifications(scope: $scope) { cursor type tenantId operationId } }';
/** Tries per connection before it counts as failed: a busy gateway misses graphql-ws's 3 s connection_init deadline (4408). */
const OPEN_ATTEMPTS = 3;
/**
 * Connections per source address. Linux gives a socket bound to an address one of its
 * ~28,000 ephemeral ports (32768–60999); 20,000 per address leaves room for the rest of
 * the machine. 127.0.0.0/8 is all loopback, so 127.0.0.2, 127.0.0.3, … need no setup.
 */
const CONNECTIONS_PER_ADDRESS = 20000;
const sourceAddressOf = (index) => `127.0.0.${2 + Math.floor(index / CONNECTIONS_PER_ADDRESS)}`;

const sockets = [];
let strayArrivals = 0;

/** Resolves once the subscription is registered (ack, subscribe, then a ping/pong round trip). */
function openSocket(url, token, localAddress, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
      perMessageDeflate: false,
      localAddress,
    });
    const timer = setTimeout(() => {
      reject(new Error('graphql-ws: no connection_ack in time'));
      socket.terminate();
    }, timeoutMs);
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: SUBSCRIPTION, variables: { scope: 'MINE' } },
          }),
        );
        socket.send(JSON.stringify({ type: 'ping' }));
      } else if (message.type === 'pong') {
        clearTimeout(timer);
        resolve(socket);
      } else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else if (message.type === 'next') strayArrivals += 1;
      else if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`graphql-ws error: ${JSON.stringify(message.payload)}`));
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      reject(new Error(`graphql-ws closed ${code} ${reason.toString()}`));
    });
  });
}

async function open(order) {
  let failure;
  let failed = 0;
  let next = 0;
  const openOne = async () => {
    while (next < order.count) {
      const index = order.firstIndex + next++;
      for (let attempt = 1; ; attempt++) {
        try {
          sockets.push(
            await openSocket(order.url, order.tokens[index % order.tokens.length], sourceAddressOf(index), 60000),
          );
          if (sockets.length % 500 === 0) process.send({ kind: 'progress', opened: sockets.length });
          break;
        } catch (error) {
          if (attempt < OPEN_ATTEMPTS) continue;
          // Counted, and the others still opened: the figure is what the gateway held.
          failed += 1;
          failure ??= error instanceof Error ? error.message : String(error);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(order.inFlight, order.count) }, openOne));
  process.send({
    kind: 'ready',
    opened: sockets.length,
    failure: failure && `${failed} connections failed ${OPEN_ATTEMPTS} times, first: ${failure}`,
  });
}

process.on('message', (message) => {
  if (message.open) void open(message.open);
  if (message.stop) {
    for (const socket of sockets) socket.terminate();
    process.send({ kind: 'closed', strayArrivals });
    process.disconnect();
    setImmediate(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
