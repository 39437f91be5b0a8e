/** Reconnect delays: 0.5 s, 1 s, 2 s, 4 s, then every 8 s, with up to 20 % jitter so tabs spread out. */
export function nextRetryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** Math.max(attempt, 0), 8_000);
  return Math.round(base * (1 + 0.2 * random()));
}

/** The WebSocket URL of the gateway the page was served by. */
export function webSocketUrl(location: { protocol: string; host: string }, path = '/graphql'): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}
