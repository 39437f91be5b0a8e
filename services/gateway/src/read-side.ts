import type { NatsConnection } from 'nats';
import type { Config } from '@tenantry/config';
import type { Logger } from 'pino';
import { createReadSide } from './read-model';
import type { NotificationFeed, NotificationScope, ReadModelQueries } from './read-model/ports';
import type { ReadYourWrites } from './read-model/read-your-writes';

/** The projector's side of the gateway, as the edge uses it. */
export interface ReadSide {
  /** `latestCursor`: where a feed of the scope starts now (the email fallback's first checkpoint). */
  queries: ReadModelQueries & { latestCursor(scope: NotificationScope): Promise<string | undefined> };
  feed: NotificationFeed;
  freshness: ReadYourWrites;
  close(): Promise<void>;
}

/** Starts the read side (projector, queries, live feeds) of services/gateway/src/read-model. */
export function openReadSide(dependencies: {
  config: Config;
  nats: NatsConnection;
  logger: Logger;
}): Promise<ReadSide> {
  return createReadSide({ config: dependencies.config, nats: dependencies.nats, logger: dependencies.logger });
}
