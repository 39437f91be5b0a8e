import type { JsMsg } from 'nats';

/**
 * Acknowledges messages together: the acks asked for during one turn of the event loop
 * (e.g. every event of one append, delivered together) go out in one socket write
 * instead of one write each. An ack only ever comes later, never earlier, than asked.
 */
export class CoalescedAcks {
  private pending: JsMsg[] = [];

  ack(message: JsMsg): void {
    if (this.pending.push(message) === 1) setImmediate(() => this.flush());
  }

  /** Sends what is pending now (also before the consumer stops). */
  flush(): void {
    for (const message of this.pending.splice(0)) message.ack();
  }
}
