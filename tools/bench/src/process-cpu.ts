import { readdirSync, readFileSync } from 'node:fs';
import { round } from './stats';

/** CPU time (user + system, ms) a process has used (Linux `/proc/<pid>/stat`); per request it does not depend on how busy the machine is. */
export const cpuMsOf = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ 100)
};

/**
 * CPU time (ms) of every process whose command name is `comm` (e.g. every PostgreSQL
 * backend), with what their exited children used (`cutime`, `cstime`): a backend that
 * exits meanwhile moves its time into the postmaster's, so the sum never goes back.
 */
export function cpuMsOfCommand(comm: string): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += [11, 12, 13, 14].reduce((sum, field) => sum + Number(fields[field]), 0);
    } catch {
      // Gone between the listing and the read: its time is in its parent's now.
    }
  }
  return (ticks * 1000) / 100; // clock ticks (USER_HZ 100)
}

/** The CPU each part of a run uses, read at once: Tenantry's services, PostgreSQL, nats-server and the bench itself. */
export function cpuByProcess(pids: Record<string, number | undefined>): Record<string, number> {
  const bench = process.cpuUsage();
  return {
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)])),
    PostgreSQL: cpuMsOfCommand('postgres'),
    'nats-server': cpuMsOfCommand('nats-server'),
    'the bench': (bench.user + bench.system) / 1000,
  };
}

/** Each part's CPU per operation (ms, to 0.01) between two readings of `cpuByProcess` (from none: since 0). */
export const cpuPerOperation = (from: Record<string, number>, to: Record<string, number>, operations: number) =>
  Object.fromEntries(Object.keys(to).map((name) => [name, round((to[name]! - (from[name] ?? 0)) / operations, 2)]));

/** `gateway 1.02 ms, …, the bench 0.31 ms (4.42 ms in all)`: CPU per operation, by process. */
export function describeCpu(perOperation: Record<string, number>): string {
  const total = Object.values(perOperation).reduce((sum, ms) => sum + ms, 0);
  const parts = Object.entries(perOperation).map(([name, ms]) => `${name} ${round(ms, 2)} ms`);
  return `${parts.join(', ')} (${round(total, 2)} ms in all)`;
}
