import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { Inbox } from '@tenantry/testing';
import { startHeartbeat, SocketHeartbeat } from './socket-heartbeat';

let wss: WebSocketServer;
let heartbeat: SocketHeartbeat;
const clients: WebSocket[] = [];

beforeEach(async () => {
  wss = new WebSocketServer({ port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  heartbeat = startHeartbeat(wss, 480);
});

afterEach(async () => {
  heartbeat.stop();
  clients.splice(0).forEach((c) => c.terminate());
  await new Promise((resolve) => wss.close(resolve));
});

/** A client that answers pings (as every WebSocket client does) or, with autoPong off, a dead peer. */
async function client(autoPong: boolean) {
  const socket = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { autoPong });
  clients.push(socket);
  const pings = new Inbox<true>();
  const closed = new Inbox<true>();
  socket.on('ping', () => pings.push(true));
  socket.on('close', () => closed.push(true));
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, pings, closed };
}

describe('the server-wide heartbeat', () => {
  it('pings each socket every period and keeps the ones that answer', async () => {
    const alive = await client(true);
    for (let i = 0; i < 3; i++) await alive.pings.next(() => true, { within: '3s' });
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('terminates a socket that did not answer its ping by the next one', async () => {
    const dead = await client(false);
    const alive = await client(true);
    await dead.pings.next(() => true, { within: '3s' });
    await dead.closed.next(() => true, { within: '3s' });
    await alive.pings.next(() => true, { within: '3s' });
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
  });
});
