import { NatsConnectionImpl, setTransportFactory } from 'nats/lib/nats-base-client/internal_mod';
import { NodeTransport, nodeResolveHost } from 'nats/lib/src/node_transport';
import type { ConnectionOptions, NatsConnection } from 'nats';

/**
 * nats.js's Node transport, with the writes of one turn of the event loop sent together.
 * nats.js writes its pending protocol once per microtask checkpoint, so a process
 * answering several messages in one turn (a relay batch's publishes, then the requests
 * that arrived with it; a gateway's commands from several HTTP requests) wrote once each:
 * on two cores a third to a half of every service's busy time was socket writes. The
 * socket is corked at the turn's first write and uncorked in `setImmediate`, after the
 * turn's I/O callbacks: the writes leave in order, in one `writev`, at most one turn later.
 * `end()` and `destroy()` flush or drop corked data as they would queued data.
 */
export class WriteCoalescingTransport extends NodeTransport {
  private corked = false;

  override send(frame: Uint8Array): void {
    const socket = this.socket;
    if (socket && !this.corked) {
      this.corked = true;
      socket.cork();
      setImmediate(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    super.send(frame);
  }
}

/**
 * `connect` of nats.js with {@link WriteCoalescingTransport}. nats.js keeps one transport
 * factory per process and its own `connect` sets the plain one, so this sets its own
 * before each connection; a reconnection made after another module's `connect` gets the
 * plain transport, which differs only in writing each microtask's protocol at once.
 */
export function connectCoalescing(options: ConnectionOptions): Promise<NatsConnection> {
  setTransportFactory({ factory: () => new WriteCoalescingTransport(), dnsResolveFn: nodeResolveHost });
  return NatsConnectionImpl.connect(options);
}
