/**
 * The market simulation's clock: venue time advances only by `tick` commands (design principle 2).
 * A tick first lets the venues confirm the cancels requested since the previous tick (decisions E1:
 * until then the order shows action CANCEL_PENDING), then moves the market.
 */
import type { CommandContext } from '../context.ts';
import { confirmPendingCancels } from './orders.ts';

export interface Tick {
  /** Venue time that passes in this tick (ms), already scaled by SIM_SPEED. */
  elapsedMs: number;
}

export const marketHandlers = {
  tick(ctx: CommandContext, _cmd: Tick): { cancelsConfirmed: number } {
    const cancelsConfirmed = ctx.state.trading.pendingCancels.length;
    confirmPendingCancels(ctx);
    return { cancelsConfirmed };
  },
};
