import { EventStore, ExpectedRevisionConflict, NewEvent, newEventId } from '@tenantry/event-store';
import {
  TenantCommand, TenantEvent, TenantState, decideAll, exists, initialState, replay, streamNameOf, toTenantEvent,
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

export interface HandleOptions {
  /**
   * The state the caller already holds (e.g. the one the last decision returned): decided
   * on without reading the stream, appended with its revision. Should someone have
   * appended since, the append conflicts and the commands are decided again on a fresh read.
   */
  basedOn?: TenantState;
}

/** A tenant's state folded from its first `length` events. */
interface Folded {
  state: TenantState;
  length: number;
}

/**
 * Loads a tenant's stream, runs the decider and appends what it decided with the
 * expected revision. A concurrent writer makes the append fail; the command is then
 * decided again on the fresh state, so two racing creates yield one TenantRequested.
 *
 * Folded states are kept (least recently used first out): events never change, so a
 * load reads only the events appended since, whoever appended them.
 */
export class TenantRepository {
  private readonly folded = new Map<string, Folded>();

  constructor(
    private readonly store: EventStore,
    private readonly options: { maxConflictRetries?: number; cachedTenants?: number } = {},
  ) {}

  async load(tenantId: string): Promise<TenantState> {
    return (await this.fold(streamNameOf(tenantId))).state;
  }

  async handle(command: TenantCommand, context: CommandContext = {}, options: HandleOptions = {}): Promise<Decision> {
    return this.handleAll([command], context, options);
  }

  /**
   * Decides `commands` in order (each on the state the previous ones' events lead to)
   * and appends all their events at once: all or nothing. One tenant per call.
   */
  async handleAll(commands: readonly TenantCommand[], context: CommandContext = {}, options: HandleOptions = {}): Promise<Decision> {
    const tenantId = commands[0]?.data.tenantId;
    if (tenantId === undefined || commands.some((command) => command.data.tenantId !== tenantId)) {
      throw new Error('handleAll takes one or more commands of one tenant');
    }
    const stream = streamNameOf(tenantId);
    let known = options.basedOn && foldedFrom(options.basedOn);
    for (let attempt = 0; ; attempt++) {
      const unverified = known !== undefined;
      const { state, length } = known ?? (await this.fold(stream));
      known = undefined;
      let events: TenantEvent[];
      try {
        events = decideAll(commands, state);
      } catch (error) {
        // A refusal of a state the caller held may be stale: only a fresh read may refuse.
        if (unverified) continue;
        throw error;
      }
      if (events.length === 0) return { events, state };
      const expected = length === 0 ? 'no_stream' : BigInt(length - 1);
      try {
        await this.store.append(stream, events.map((e) => toNewEvent(e, context)), expected);
        const next = replay(events, state);
        this.remember(stream, { state: next, length: length + events.length });
        return { events, state: next };
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflict) || attempt >= (this.options.maxConflictRetries ?? 5)) throw error;
      }
    }
  }

  private async fold(stream: string): Promise<Folded> {
    const known = this.folded.get(stream) ?? { state: initialState(), length: 0 };
    const newer = await this.store.readStream(stream, { fromRevision: BigInt(known.length) });
    if (newer.length === 0) return known;
    const folded = { state: replay(newer.map(toTenantEvent), known.state), length: known.length + newer.length };
    this.remember(stream, folded);
    return folded;
  }

  private remember(stream: string, folded: Folded): void {
    this.folded.delete(stream);
    this.folded.set(stream, folded);
    if (this.folded.size > (this.options.cachedTenants ?? 10_000)) this.folded.delete(this.folded.keys().next().value!);
  }
}

/** A state's own revision tells how many events it was folded from. */
const foldedFrom = (state: TenantState): Folded => ({ state, length: exists(state) ? state.version + 1 : 0 });

const toNewEvent = (event: TenantEvent, context: CommandContext): NewEvent => ({
  id: newEventId(),
  type: event.type,
  data: event.data,
  metadata: Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)),
});
