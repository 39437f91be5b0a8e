/** Table `projector_checkpoints`: how far the projector (or a rebuild) got. */
import { bigint, nullable, primary, text, timestamptz } from './column';
import { defineTable, RowOf } from './table';

export const CHECKPOINTS = defineTable({
  name: 'projector_checkpoints',
  entity: 'ReadCheckpoint',
  columns: {
    name: primary(text()),
    /** Last JetStream stream sequence whose batch is committed. */
    streamSequence: bigint(),
    /**
     * Event-store position of the last event applied (null before the first): the events
     * after it are what the read model has yet to show (queries/read-your-writes.ts).
     */
    position: nullable(text()),
    updatedAt: timestamptz(),
  },
});

export type CheckpointRow = RowOf<typeof CHECKPOINTS>;
