/** `'10s'`, `'250ms'`, `'2m'` or milliseconds. */
export type Duration = number | `${number}ms` | `${number}s` | `${number}m`;

export function toMilliseconds(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${JSON.stringify(duration)} (use e.g. '250ms', '10s', '2m')`);
  const scale = { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
  return Number(match[1]) * scale;
}
