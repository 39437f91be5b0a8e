import { closeDeliveryGaps, SequencedMessage, StreamReader } from './delivery-gaps';

const message = (seq: number): SequencedMessage => ({ seq, subject: `s.${seq}`, data: new Uint8Array([seq]) });

/** A stream holding `from`..`to`, less the deleted sequences; counts what is read back. */
function streamOf(from: number, to: number, deleted: number[] = []) {
  const reads: number[] = [];
  const reader: StreamReader = {
    firstSequence: async () => from,
    message: async (seq) => {
      reads.push(seq);
      return seq >= from && seq <= to && !deleted.includes(seq) ? message(seq) : undefined;
    },
  };
  return { reader, reads };
}

const sequences = (batch: { messages: SequencedMessage[] }) => batch.messages.map((m) => m.seq);

describe('closeDeliveryGaps', () => {
  it('passes a batch that follows the checkpoint without a hole as it is, reading nothing back', async () => {
    const { reader, reads } = streamOf(1, 10);
    const batch = [message(4), message(5), message(6)];
    const result = await closeDeliveryGaps(batch, 3, reader);
    expect(result.messages).toEqual(batch);
    expect(result.readBack).toBe(0);
    expect(reads).toEqual([]);
  });

  it('reads back a delivery lost inside the batch and at its start, and keeps stream order', async () => {
    const { reader, reads } = streamOf(1, 10);
    const result = await closeDeliveryGaps([message(5), message(8), message(7)], 3, reader);
    expect(sequences(result)).toEqual([4, 5, 6, 7, 8]);
    expect(result.readBack).toBe(2);
    expect(reads).toEqual([4, 6]);
  });

  it('leaves out redeliveries of what is applied already, and duplicates within the batch', async () => {
    const { reader } = streamOf(1, 10);
    expect(sequences(await closeDeliveryGaps([message(2), message(3), message(4), message(4)], 3, reader))).toEqual([
      4,
    ]);
    expect(sequences(await closeDeliveryGaps([message(1), message(3)], 3, reader))).toEqual([]);
  });

  it('skips what the stream no longer has: sequences before its first, and deleted ones', async () => {
    const { reader, reads } = streamOf(50, 60, [53]);
    const result = await closeDeliveryGaps([message(55)], 0, reader);
    expect(sequences(result)).toEqual([50, 51, 52, 54, 55]);
    expect(reads).toEqual([50, 51, 52, 53, 54]);
  });
});
