import type { StoredEvent } from '@tenantry/event-store';
import { headers, MsgHdrs } from 'nats';

/** Headers the relay sets on every event message (besides `Nats-Msg-Id` = event id). */
export const EventHeader = {
  type: 'Tenantry-Event-Type',
  stream: 'Tenantry-Stream',
  revision: 'Tenantry-Revision',
  position: 'Tenantry-Position',
  correlationId: 'Tenantry-Correlation-Id',
  causationId: 'Tenantry-Causation-Id',
  /** W3C trace context of the request that caused the event, so consumers continue its trace. */
  traceparent: 'traceparent',
} as const;

export function eventHeaders(event: StoredEvent): MsgHdrs {
  const result = headers();
  result.set(EventHeader.type, event.type);
  result.set(EventHeader.stream, event.stream);
  result.set(EventHeader.revision, event.revision.toString());
  result.set(EventHeader.position, event.position);
  const { correlationId, causationId } = event.metadata;
  if (typeof correlationId === 'string') result.set(EventHeader.correlationId, correlationId);
  if (typeof causationId === 'string') result.set(EventHeader.causationId, causationId);
  if (typeof event.metadata['traceparent'] === 'string')
    result.set(EventHeader.traceparent, event.metadata['traceparent']);
  return result;
}
