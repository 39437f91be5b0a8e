import { EventStore, ExpectedRevisionConflict, NewEvent, newEventId } from '@tenantry/event-store';
import {
  TenantCommand, TenantEvent, TenantState, decide, initialState, replay, streamNameOf, toTenantEvent,
} from '@tenantry/tenant-domain';

export interface Decision {
  events: TenantEvent[];
  state: TenantState;
}

export interface CommandContext {
  correlationId?: string;
  causationId?: string;
  /** W3C trace context of the span that decided, so consumers of the events continue the trace. */
  traceparent?: string;
}

/**
 * Loads a tenant's stream, runs the decider and appends what it decided with the
 * expected revision. A concurrent writer makes the append fail; the command is then
 * decided again on the fresh state, so two racing creates yield one TenantRequested.
 */
export class TenantRepository {
  constructor(private readonly store: EventStore, private readonly maxConflictRetries = 5) {}

  async load(tenantId: string): Promise<TenantState> {
    const stored = await this.store.readStream(streamNameOf(tenantId));
    return replay(stored.map(toTenantEvent));
  }

  async handle(command: TenantCommand, context: CommandContext = {}): Promise<Decision> {
    const stream = streamNameOf(command.data.tenantId);
    for (let attempt = 0; ; attempt++) {
      const stored = await this.store.readStream(stream);
      const state = replay(stored.map(toTenantEvent), initialState());
      const events = decide(command, state);
      if (events.length === 0) return { events, state };
      const expected = stored.length === 0 ? 'no_stream' : BigInt(stored.length - 1);
      try {
        await this.store.append(stream, events.map((e) => toNewEvent(e, context)), expected);
        return { events, state: replay(events, state) };
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflict) || attempt >= this.maxConflictRetries) throw error;
      }
    }
  }
}

const toNewEvent = (event: TenantEvent, context: CommandContext): NewEvent => ({
  id: newEventId(),
  type: event.type,
  data: event.data,
  metadata: Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)),
});
