/** Types of supervisor.js for its spec (the launcher itself is plain CommonJS). */
export interface Backoff {
  firstMs: number;
  maxMs: number;
  stableMs: number;
}
export interface ExitStatus {
  code: number | null;
  signal: string | null;
}
export interface SupervisedChild {
  pid: number | undefined;
  ready: Promise<RegExpMatchArray>;
  exited: Promise<ExitStatus>;
  stop(graceMs?: number): Promise<void>;
}
export interface Supervised {
  name: string;
  ready: Promise<RegExpMatchArray>;
  stop(graceMs?: number): Promise<void>;
}
export const BACKOFF: Backoff;
export function restartDelay(attempt: number, backoff?: Backoff): number;
export function supervise(options: {
  name: string;
  launch: () => SupervisedChild;
  say: (line: string) => void;
  keepRunning?: () => boolean;
  backoff?: Backoff;
  now?: () => number;
}): Supervised;
