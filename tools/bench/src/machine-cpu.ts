import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The machine's CPU time so far (Linux `/proc/stat`, in clock ticks), or undefined where there is none. */
export interface CpuTicks {
  busy: number;
  total: number;
}

export function machineCpu(): CpuTicks | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return undefined;
  }
}

/** How many of the machine's cores were busy on average between two readings (NaN without them). */
export function coresBusy(from: CpuTicks | undefined, to: CpuTicks | undefined): number {
  if (!from || !to || to.total === from.total) return NaN;
  return ((to.busy - from.busy) / (to.total - from.total)) * cpus().length;
}
