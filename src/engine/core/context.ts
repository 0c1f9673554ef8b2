import { nextId } from '../../domain/ids.ts';
import type { EngineEvent } from './events.ts';
import type { State } from './state.ts';

/** What a handler sees while it applies one command. */
export class CommandContext {
  readonly events: EngineEvent[] = [];

  constructor(
    readonly state: State,
    readonly ts: number,
  ) {}

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  /** A fresh 16-digit id. Call only after validation: a rejected command must change nothing. */
  newId(): string {
    return nextId(this.state.ids, this.ts);
  }

  /** The id newId() would return next, without taking it. */
  peekId(): string {
    return nextId({ ...this.state.ids }, this.ts);
  }
}
