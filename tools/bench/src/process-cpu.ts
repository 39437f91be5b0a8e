import { readFileSync } from 'node:fs';

/** CPU time (user + system, ms) a process has used (Linux `/proc/<pid>/stat`); per request it does not depend on how busy the machine is. */
export const cpuMsOf = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ 100)
};
