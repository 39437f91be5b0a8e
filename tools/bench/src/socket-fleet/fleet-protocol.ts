/** What measure 6 tells a client process: its share of the background connections. */
export interface FleetOrder {
  url: string;
  /** Tokens of the background administrators; connection i uses token i mod length. */
  tokens: string[];
  /** Global index of this process's first connection (chooses tokens and source addresses). */
  firstIndex: number;
  count: number;
  /** Connections opening at once in this process. */
  inFlight: number;
}

/** What a client process tells the bench. */
export type FleetReport =
  | { kind: 'progress'; opened: number }
  | { kind: 'ready'; opened: number; failure?: string }
  | { kind: 'closed'; strayArrivals: number };

/**
 * Connections per source address. Linux gives a socket bound to an address one of its
 * ~28,000 ephemeral ports (32768–60999); 20,000 per address leaves room for the rest of
 * the machine. 127.0.0.0/8 is all loopback, so 127.0.0.2, 127.0.0.3, … need no setup.
 */
export const CONNECTIONS_PER_ADDRESS = 20_000;

/** The source address of background connection `index`: 127.0.0.2 for the first 20,000, then 127.0.0.3, … */
export const sourceAddressOf = (index: number): string => `127.0.0.${2 + Math.floor(index / CONNECTIONS_PER_ADDRESS)}`;
