import type { WebSocket, WebSocketServer } from 'ws';

export interface SocketHeartbeat {
  stop(): void;
}

/** graphql-ws's keep-alive period: a peer has this long to answer a ping. */
export const HEARTBEAT_INTERVAL_MS = 12_000;
/** Ticks per period: each tick pings its slice of the sockets, so pings spread over the period. */
const TICKS_PER_INTERVAL = 48;

/**
 * Dead peers do not keep their sockets: every socket is pinged once a period, and one
 * that has not answered the previous ping by its next turn is terminated (graphql-ws's
 * keep-alive rule). One timer for the whole server, pinging a slice of the sockets each
 * tick, instead of graphql-ws's interval, timeout and pong listener per socket: at
 * 50,000 sockets those were 50,000 intervals, and ~4,000 timers and closures a second
 * for the garbage collector.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs = HEARTBEAT_INTERVAL_MS): SocketHeartbeat {
  const awaitingPong = new WeakSet<WebSocket>();
  // One listener shared by every socket: `this` is the socket that answered.
  const answered = function (this: WebSocket) {
    awaitingPong.delete(this);
  };
  wss.on('connection', (socket) => socket.on('pong', answered));
  // A round is one period: the sockets open at its start, pinged in TICKS_PER_INTERVAL slices.
  let round: WebSocket[] = [];
  let tickOfRound = TICKS_PER_INTERVAL;
  let next = 0;
  const tick = () => {
    if (tickOfRound === TICKS_PER_INTERVAL) {
      round = [...wss.clients];
      tickOfRound = 0;
      next = 0;
    }
    tickOfRound += 1;
    for (const end = Math.ceil((round.length * tickOfRound) / TICKS_PER_INTERVAL); next < end; next++) {
      const socket = round[next]!;
      if (socket.readyState !== socket.OPEN) continue;
      if (awaitingPong.has(socket)) {
        socket.terminate();
        continue;
      }
      awaitingPong.add(socket);
      socket.ping();
    }
  };
  const timer = setInterval(tick, intervalMs / TICKS_PER_INTERVAL);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
