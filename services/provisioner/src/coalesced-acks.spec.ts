import type { JsMsg } from 'nats';
import { CoalescedAcks } from './coalesced-acks';

const message = (acked: string[], id: string) => ({ ack: () => acked.push(id) }) as unknown as JsMsg;

describe('coalesced acks', () => {
  it('sends the acks asked for in one turn together, after it', async () => {
    const acked: string[] = [];
    const acks = new CoalescedAcks();
    acks.ack(message(acked, 'a'));
    acks.ack(message(acked, 'b'));
    expect(acked).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(acked).toEqual(['a', 'b']);
    acks.ack(message(acked, 'c'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(acked).toEqual(['a', 'b', 'c']);
  });

  it('sends what is pending at once when flushed (before the consumer stops), and nothing twice', async () => {
    const acked: string[] = [];
    const acks = new CoalescedAcks();
    acks.ack(message(acked, 'a'));
    acks.flush();
    expect(acked).toEqual(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(acked).toEqual(['a']);
  });
});
