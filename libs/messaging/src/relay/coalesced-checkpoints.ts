import type { GlobalPosition } from '@tenantry/event-store';

export interface CoalescedCheckpointsOptions {
  /** Writes one checkpoint; a failure is reported to `onError` and the next position written later. */
  write(position: GlobalPosition): Promise<void>;
  /** At most one write starts per interval; the positions acknowledged meanwhile come down to the last. */
  intervalMs: number;
  onSaved(position: GlobalPosition): void;
  onError(error: unknown): void;
}

/**
 * The relay's checkpoint writes, at most one in flight and one per interval, each of the
 * latest acknowledged position. A checkpoint only says where a new leader starts: one
 * behind means re-publishing a few events, which the stream drops as duplicates
 * (`Nats-Msg-Id`, within its duplicate window of tens of seconds) and every consumer
 * ignores anyway. Under load this turns a write per batch into a few per second.
 */
export class CoalescedCheckpoints {
  private latest: GlobalPosition | undefined;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStart = -Infinity;

  constructor(private readonly options: CoalescedCheckpointsOptions) {}

  /** Records `position` as acknowledged: it is written now or at the end of the interval. */
  save(position: GlobalPosition): void {
    this.latest = position;
    if (!this.writing && !this.timer) this.schedule();
  }

  /** Writes the position still pending now, and settles when no write is in flight. Never rejects. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing || this.latest !== undefined) {
      if (!this.writing) this.writeNow();
      await this.writing;
    }
  }

  private schedule(): void {
    const wait = this.lastStart + this.options.intervalMs - performance.now();
    if (wait <= 0) return this.writeNow();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.writing) this.writeNow();
    }, wait);
  }

  private writeNow(): void {
    const position = this.latest;
    if (position === undefined) return;
    this.latest = undefined;
    this.lastStart = performance.now();
    this.writing = this.options
      .write(position)
      .then(
        () => this.options.onSaved(position),
        (error: unknown) => this.options.onError(error),
      )
      .finally(() => {
        this.writing = undefined;
        if (this.latest !== undefined && !this.timer) this.schedule();
      });
  }
}
