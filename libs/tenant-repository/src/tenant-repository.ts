import { EventStore, ExpectedRevisionConflict, NewEvent, StoredEvent, newEventId } from '@tenantry/event-store';
import {
  TenantCommand,
  TenantEvent,
  TenantState,
  decideAll,
  exists,
  initialState,
  replay,
  streamNameOf,
  tenantIdOfStream,
  toTenantEvent,
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
  /** The keyed request the events answer (an HMAC of it: see tenant-command's idempotency keys). */
  requestHash?: string;
}

export interface HandleOptions {
  /**
   * The state the caller already holds (e.g. the one the last decision returned): decided
   * on without reading the stream, appended with its revision. Should someone have
   * appended since, the append conflicts and the commands are decided again on a fresh read.
   */
  basedOn?: TenantState;
  /**
   * The id of the appended event at each index, instead of fresh ones. Ids derived from an
   * idempotency key make a repeat of the command fail with the store's DuplicateEventId
   * rather than append again (see `findAppend`).
   */
  eventIds?: (index: number) => string;
}

/** An earlier append found by its events' ids: its first event, and the tenant's state right after it. */
export interface FoundAppend {
  first: StoredEvent;
  state: TenantState;
}

export interface TenantRepositoryOptions {
  maxConflictRetries?: number;
  cachedTenants?: number;
  /**
   * True while this process sees the tenant events as they are stored (`observe`), so a
   * folded state it keeps is current but for events still on their way: it is then
   * used without reading the stream first. Appends check the expected revision and a
   * refusal is decided again on a fresh read, so a state that turns out stale costs a
   * round trip, never a wrong decision.
   */
  followsEvents?: () => boolean;
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
 * load reads only the events appended since, whoever appended them, and `observe`
 * folds in the events this process sees go by.
 */
export class TenantRepository {
  private readonly folded = new Map<string, Folded>();

  constructor(
    private readonly store: EventStore,
    private readonly options: TenantRepositoryOptions = {},
  ) {}

  /** The tenant's state; `reread` reads the stream even when this process follows the events. */
  async load(tenantId: string, options: { reread?: boolean } = {}): Promise<TenantState> {
    const stream = streamNameOf(tenantId);
    return options.reread ? (await this.fold(stream)).state : (await this.current(stream)).folded.state;
  }

  /**
   * The state this process keeps for the tenant, without reading: possibly behind, but a
   * tenant it shows existing exists (streams only grow). Undefined when none is kept.
   */
  kept(tenantId: string): TenantState | undefined {
    return this.folded.get(streamNameOf(tenantId))?.state;
  }

  async handle(command: TenantCommand, context: CommandContext = {}, options: HandleOptions = {}): Promise<Decision> {
    return this.handleAll([command], context, options);
  }

  /**
   * Decides `commands` in order (each on the state the previous ones' events lead to)
   * and appends all their events at once: all or nothing. One tenant per call.
   */
  async handleAll(
    commands: readonly TenantCommand[],
    context: CommandContext = {},
    options: HandleOptions = {},
  ): Promise<Decision> {
    const tenantId = commands[0]?.data.tenantId;
    if (tenantId === undefined || commands.some((command) => command.data.tenantId !== tenantId)) {
      throw new Error('handleAll takes one or more commands of one tenant');
    }
    const stream = streamNameOf(tenantId);
    let held = options.basedOn && foldedFrom(options.basedOn);
    for (let attempt = 0, fresh = false; ; attempt++) {
      const current = held
        ? { folded: held, verified: false }
        : fresh
          ? { folded: await this.fold(stream), verified: true }
          : await this.current(stream);
      const { state, length } = current.folded;
      held = undefined;
      let events: TenantEvent[];
      try {
        events = decideAll(commands, state);
      } catch (error) {
        // A refusal of a state not read just now may be stale: only a fresh read may refuse.
        if (!current.verified) {
          fresh = true;
          continue;
        }
        throw error;
      }
      if (events.length === 0) return { events, state };
      const expected = length === 0 ? 'no_stream' : BigInt(length - 1);
      try {
        await this.store.append(
          stream,
          events.map((e, index) => toNewEvent(e, context, options.eventIds?.(index))),
          expected,
        );
        const next = replay(events, state);
        this.remember(stream, { state: next, length: length + events.length });
        return { events, state: next };
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflict) || attempt >= (this.options.maxConflictRetries ?? 5))
          throw error;
        fresh = true;
      }
    }
  }

  /**
   * The append of the tenant's stream whose events have the ids `eventIds` gives (index 0
   * first), with the state right after it; undefined when the stream holds no event with
   * the first id. Reads the whole stream: for the rare repeat of a keyed command.
   */
  async findAppend(tenantId: string, eventIds: (index: number) => string): Promise<FoundAppend | undefined> {
    const events = await this.store.readStream(streamNameOf(tenantId));
    const start = events.findIndex((event) => event.id === eventIds(0));
    if (start < 0) return undefined;
    let end = start + 1;
    while (end < events.length && events[end]!.id === eventIds(end - start)) end++;
    return { first: events[start]!, state: replay(events.slice(0, end).map(toTenantEvent), initialState()) };
  }

  /**
   * Folds in stored events this process sees go by (relayed, or delivered by JetStream),
   * in their stream's order, so a kept state needs no read. A stream's first event starts
   * a state (a tenant created elsewhere: its job needs no read to begin); an event beyond
   * a gap forgets the state (the next load reads); one already folded in is ignored.
   */
  observe(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (!tenantIdOfStream(event.stream)) continue;
      const known =
        this.folded.get(event.stream) ?? (event.revision === 0n ? { state: initialState(), length: 0 } : undefined);
      if (!known || event.revision < BigInt(known.length)) continue;
      if (event.revision > BigInt(known.length)) {
        this.folded.delete(event.stream);
        continue;
      }
      this.remember(event.stream, { state: replay([toTenantEvent(event)], known.state), length: known.length + 1 });
    }
  }

  /** The kept state when this process follows the events, else what the stream says now. */
  private async current(stream: string): Promise<{ folded: Folded; verified: boolean }> {
    const kept = this.options.followsEvents?.() ? this.folded.get(stream) : undefined;
    if (kept) return { folded: kept, verified: false };
    return { folded: await this.fold(stream), verified: true };
  }

  private async fold(stream: string): Promise<Folded> {
    const kept = this.folded.get(stream);
    const known = kept ?? { state: initialState(), length: 0 };
    const newer = await this.store.readStream(stream, { fromRevision: BigInt(known.length) });
    if (newer.length === 0) {
      // A tenant not created yet is kept too: the create that usually follows needs no second read.
      if (!kept) this.remember(stream, known);
      return known;
    }
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

const toNewEvent = (event: TenantEvent, context: CommandContext, id = newEventId()): NewEvent => ({
  id,
  type: event.type,
  data: event.data,
  metadata: Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)),
});
