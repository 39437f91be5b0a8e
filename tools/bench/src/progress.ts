/**
 * One progress line on stderr while the bench runs: rewritten in place on a TTY, one
 * line every few seconds otherwise (CI logs, jest), so a long run is never silent.
 */
export class Progress {
  private lastPrinted = 0;
  private lastText = '';
  private readonly tty = Boolean(process.stderr.isTTY);
  private readonly started = Date.now();

  constructor(private readonly quiet = false) {}

  /** `measure` names the step; `done`/`total` draw the count. */
  update(measure: string, done?: number, total?: number, extra = ''): void {
    const count = done === undefined ? '' : total === undefined ? ` ${done}` : ` ${done}/${total}`;
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(0);
    const text = `[bench ${elapsed}s] ${measure}${count}${extra ? ` ${extra}` : ''}`;
    this.lastText = text;
    if (this.quiet) return;
    const at = Date.now();
    if (this.tty) {
      if (at - this.lastPrinted < 100 && done !== total) return;
      process.stderr.write(`\r\x1b[K${text}`);
    } else {
      if (at - this.lastPrinted < 3000 && done !== total && done !== undefined) return;
      process.stderr.write(`${text}\n`);
    }
    this.lastPrinted = at;
  }

  /** A line that stays (a finished step, a warning). */
  note(text: string): void {
    if (this.quiet) return;
    if (this.tty) process.stderr.write(`\r\x1b[K${text}\n`);
    else process.stderr.write(`${text}\n`);
  }

  get current(): string {
    return this.lastText;
  }
}
