/**
 * The single writer: applies one stamped command at a time to the in-memory state, synchronously.
 * Deterministic: it reads no clock, randomness or environment; the stamp carries the time (the wall
 * time, which the venue clock in state turns into venue time).
 */
import { CommandContext } from './context.ts';
import type { EngineEvent } from './events.ts';
import { handlers, type Command, type CommandType, type ResultOf } from './commands.ts';
import { followEvents } from '../algo/index.ts';
import { venueTimeAt } from '../clock/venue-clock.ts';
import { emptyState, type State } from './state.ts';

export interface Stamped {
  ts: number;
  command: Command;
}

export interface Applied<R = unknown> {
  result: R;
  events: EngineEvent[];
  /** The venue time the command ran at (its events' batch time). */
  ts: number;
}

export class Engine {
  constructor(public state: State = emptyState()) {}

  /** `ts`: the wall time of the command's stamp. Throws ApiError when the command is refused; a refused command has changed nothing. */
  apply<K extends CommandType>(ts: number, command: Extract<Command, { type: K }>): Applied<ResultOf<K>> {
    const ctx = new CommandContext(this.state, venueTimeAt(this.state.clock, ts));
    const handler = handlers[command.type] as (ctx: CommandContext, payload: unknown) => ResultOf<K>;
    const result = handler(ctx, command.payload);
    followEvents(ctx); // algo triggers the command's trades reached, and its children's updates
    return { result, events: ctx.events, ts: ctx.ts };
  }
}
