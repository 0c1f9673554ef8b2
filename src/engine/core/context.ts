import { nextId, peekId } from '../../domain/ids.ts';
import { openVenues, type VenueSet } from '../../venues/index.ts';
import type { EngineEvent } from './events.ts';
import type { State } from './state.ts';

/** What a handler sees while it applies one command. */
export class CommandContext {
  readonly events: EngineEvent[] = [];
  /** How many of `events` the algo orders have followed (a field: a WeakMap entry per command costs the GC). */
  eventsFollowed = 0;
  private venueSet: VenueSet | undefined;

  constructor(
    readonly state: State,
    private venueTime: number,
  ) {}

  /** Venue time of the command (decisions L12): every timestamp it writes. */
  get ts(): number {
    return this.venueTime;
  }

  /** A tick moves venue time on: what it does next happens at `to`. */
  passTime(to: number): void {
    this.venueTime = to;
  }

  /** The venues as this command sees them, opened on first use. */
  get venues(): VenueSet {
    return (this.venueSet ??= openVenues(this.state.sim, this.state.faults));
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  /** A fresh 16-digit id. Call only after validation: a rejected command must change nothing. */
  newId(): string {
    return nextId(this.state.ids, this.ts);
  }

  /** The id newId() would return next, without taking it. */
  peekId(): string {
    return peekId(this.state.ids, this.ts);
  }
}
