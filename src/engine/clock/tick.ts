/**
 * Venue time advances only by `tick` commands (design principle 2), and a tick is this one ordered
 * list of phases, each owned by its capability. Phases that need time to pass skip a 0 ms tick, so
 * such a tick only confirms cancels, answers delayed submissions and prunes finished orders.
 * A new periodic flow (mark-to-market, funding, liquidation, algo triggers, interest) is one line here.
 */
import type { CommandContext } from '../core/context.ts';
import { confirmPendingCancels, pruneFinishedOrders, releaseDelayedOrders } from '../trading/index.ts';
import { advanceMarket, advanceOpenInterest } from '../venue-link/index.ts';
import { runMarketMakers } from './house.ts';
import { passTickTime } from './venue-clock.ts';

export interface Tick {
  /** Venue time that passes in this tick (ms), already scaled by SIM_SPEED. */
  elapsedMs: number;
  /** Finished client orders older than this leave engine state; absent (ticks journaled before retention existed): none do. */
  orderRetentionMs?: number;
}

export type TickPhase = (ctx: CommandContext, tick: Tick) => void;

function whenTimePasses(phase: TickPhase): TickPhase {
  return (ctx, tick) => {
    if (tick.elapsedMs > 0) phase(ctx, tick);
  };
}

const PHASES: readonly TickPhase[] = [
  confirmPendingCancels, // decisions E1: CANCEL_PENDING until the venue confirms on the next tick
  releaseDelayedOrders, // fault LATENCY: held-back submissions whose ticks ran out
  pruneFinishedOrders, // engine memory bounded by the order retention
  whenTimePasses(advanceMarket), // reference, index and mark prices
  whenTimePasses(advanceOpenInterest),
  whenTimePasses(runMarketMakers), // liquidity agents quote and take through the normal order path
];

export const tickHandlers = {
  tick(ctx: CommandContext, cmd: Tick): void {
    ctx.passTime(passTickTime(ctx.state.clock, ctx.ts, cmd.elapsedMs).to);
    for (const phase of PHASES) phase(ctx, cmd);
  },
};
