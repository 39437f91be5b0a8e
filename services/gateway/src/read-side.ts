import type { NatsConnection } from 'nats';
import type { Config } from '@tenantry/config';
import type { Logger } from 'pino';
import {
  announcedViews,
  createReadModel,
  type NotificationScope,
  type ProjectorStatus,
  type ReadModelOptions,
  type ReadModelQueries,
  type ReadYourWrites,
} from '@tenantry/read-model';
import { NatsNotificationFeed } from './live/notification-feed';
import type { NotificationFeed } from './live/ports';

/** The read model (libs/read-model) and its live fan-out (live/), as the edge uses them. */
export interface ReadSide {
  /** `latestCursor`: where a feed of the scope starts now (the email fallback's first checkpoint). */
  queries: ReadModelQueries & { latestCursor(scope: NotificationScope): Promise<string | undefined> };
  feed: NotificationFeed;
  freshness: ReadYourWrites;
  /** leader / standby / stopped, checkpoint and counts: for the health endpoint. */
  projectorStatus(): ProjectorStatus;
  /** Ends open feeds, stops projecting (frees the lock for another gateway), closes the database pool. */
  close(): Promise<void>;
}

export type ReadSideOptions = ReadModelOptions & {
  /** Announcements kept per feed whose consumer does not read, before it re-reads the table instead. */
  announcementCapacity?: number;
  /** How often the live feeds look for notifications whose announcement was lost (5 s by default). */
  lostAnnouncementSweepMs?: number;
};

/** The read model (projector and queries) with the live feeds of this gateway on top. */
export async function createReadSide(options: ReadSideOptions): Promise<ReadSide & { feed: NatsNotificationFeed }> {
  // The projector (when it leads here) hands each committed batch's notifications and views to this gateway's feeds at once.
  let feed: NatsNotificationFeed | undefined;
  const projector = options.projector;
  const readModel = await createReadModel({
    ...options,
    projector:
      projector === false
        ? false
        : {
            ...projector,
            onBatch: (outcome, status) => {
              feed?.committedHere({
                notifications: outcome.notifications,
                tenantViews: announcedViews(outcome),
              });
              projector?.onBatch?.(outcome, status);
            },
          },
  });
  feed = new NatsNotificationFeed(
    readModel.queries,
    options.nats,
    readModel.names,
    undefined,
    options.announcementCapacity,
    options.lostAnnouncementSweepMs,
  );
  let closed: Promise<void> | undefined;
  return {
    queries: readModel.queries,
    feed,
    freshness: readModel.freshness,
    projectorStatus: () => readModel.projectorStatus(),
    close: () =>
      (closed ??= (async () => {
        await feed.closeAll();
        await readModel.close();
      })()),
  };
}

/** Starts the read side of a running gateway from its configuration. */
export function openReadSide(dependencies: {
  config: Config;
  nats: NatsConnection;
  logger: Logger;
}): Promise<ReadSide> {
  return createReadSide({ config: dependencies.config, nats: dependencies.nats, logger: dependencies.logger });
}
