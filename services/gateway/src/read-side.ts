import type { NatsConnection } from 'nats';
import type { Config } from '@tenantry/config';
import type { NatsNames } from '@tenantry/messaging';
import type { Logger } from 'pino';
import type { NotificationFeed, ReadModelQueries } from './read-model/ports';

/** The projector's side of the gateway, as the edge uses it. */
export interface ReadSide {
  queries: ReadModelQueries;
  feed: NotificationFeed;
  close(): Promise<void>;
}

export interface ReadSideDependencies {
  config: Config;
  nats: NatsConnection;
  names: NatsNames;
  logger: Logger;
}

/** Starts the read side (projector, queries, live feed) under services/gateway/src/read-model. */
export async function openReadSide(dependencies: ReadSideDependencies): Promise<ReadSide> {
  // Loaded by path until the read-model module exports its factory (it is being written).
  const modulePath = './read-model';
  const readModel = require(modulePath) as { createReadSide?: (deps: ReadSideDependencies & { databaseUrl: string }) => Promise<ReadSide> | ReadSide };
  if (!readModel.createReadSide) throw new Error('read-model does not export createReadSide yet');
  return readModel.createReadSide({ ...dependencies, databaseUrl: dependencies.config.DATABASE_URL });
}
