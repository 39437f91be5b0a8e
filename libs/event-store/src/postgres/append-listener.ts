import type { Pool, PoolClient } from 'pg';

export interface AppendListener {
  close(): Promise<void>;
}

const RECONNECT_DELAY_MS = 1000;

/**
 * LISTENs on the append channel on a connection of its own and calls `onAppend` for
 * each notification (but those whose payload is `ignoredOrigin`: this process's own,
 * whose followers were woken already), and once after every (re)connect since
 * notifications sent while disconnected are lost. A lost connection is retried;
 * polling covers the meantime.
 */
export function listenForAppends(
  pool: Pool,
  channel: string,
  onAppend: () => void,
  onError: (error: unknown) => void,
  ignoredOrigin?: string,
): AppendListener {
  let client: PoolClient | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  // Never rejects: a failure goes to onError and is retried.
  const connect = async (): Promise<void> => {
    retry = undefined;
    if (closed) return;
    try {
      const connection = await pool.connect();
      connection.on('notification', (message) => {
        if (message.channel === channel && (ignoredOrigin === undefined || message.payload !== ignoredOrigin))
          onAppend();
      });
      connection.on('error', (error) => {
        if (closed) return;
        onError(error);
        connection.release(true);
        if (client === connection) client = undefined;
        retry ??= setTimeout(() => void connect(), RECONNECT_DELAY_MS);
      });
      await connection.query(`LISTEN "${channel}"`);
      if (closed) return connection.release(true);
      client = connection;
      onAppend();
    } catch (error) {
      if (closed) return;
      onError(error);
      retry ??= setTimeout(() => void connect(), RECONNECT_DELAY_MS);
    }
  };
  const connecting = connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await connecting;
      // Destroying the connection ends the LISTEN with it.
      client?.release(true);
      client = undefined;
    },
  };
}
