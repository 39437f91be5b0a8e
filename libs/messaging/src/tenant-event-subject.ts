import type { StoredEvent } from '@tenantry/event-store';
import { NatsNames } from './nats-names';

const TENANT_STREAM = /^tenant-(.+)$/;

/** `tenant-acme` → `acme`; undefined for a stream that is not a tenant's. */
export const tenantIdOfStream = (stream: string): string | undefined => TENANT_STREAM.exec(stream)?.[1];

/**
 * The relay's `subjectFor` for tenant events: `<prefix>.tenant.events.<tenantId>.<type>`.
 * Events of other streams are not published (undefined).
 */
export const tenantEventSubject =
  (names: NatsNames) =>
  (event: Pick<StoredEvent, 'stream' | 'type'>): string | undefined => {
    const tenantId = tenantIdOfStream(event.stream);
    return tenantId === undefined ? undefined : names.eventSubject(tenantId, event.type);
  };
