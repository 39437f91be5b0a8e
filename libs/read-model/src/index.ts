export * from './ports';
export { createReadModel } from './read-model';
export type { ReadModel, ReadModelOptions } from './read-model';
export type { ReadModelLogger } from './read-model-logger';
export { Projector } from './projection/projector';
export type { ProjectorStatus, ProjectorRole } from './projection/projector';
export { project } from './projection/projection';
export { SqlReadModelQueries, PLAIN_LIST_CAP } from './queries/read-model-queries';
export { encodePageCursor, decodePageCursor } from './queries/page-cursor';
export { InvalidCursor, parseCursor, cursorAfter } from './queries/cursor';
export { ALWAYS_FRESH, ReadModelBehind } from './queries/read-your-writes';
export type { ReadYourWrites } from './queries/read-your-writes';
export { rebuildReadModels, RebuildRefused } from './rebuild/rebuild';
export type { RebuildOptions, RebuildProgress } from './rebuild/rebuild';
export { eventStoreLoader } from './projection/tenant-events-loader';
// What the projector announces after commit, for the gateway's live feeds to decode.
export { liveSubjects } from './projection/live-subjects';
export type { LiveSubjects } from './projection/live-subjects';
export {
  encodeLive,
  decodeNotification,
  decodeTenantView,
  publicTenantView,
  UnreadableAnnouncement,
} from './projection/live-codec';
export type { StoredNotification } from './projection/stored-notification';
export { readModelMigrations } from './tables/read-model-migrations';
