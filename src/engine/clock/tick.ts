/**
 * A tick passes venue time (design principle 2; decisions L12): ordered lists of phases, each owned
 * by its capability. The market phases need time to pass, so a 0 ms tick only confirms cancels,
 * answers delayed submissions and prunes finished orders. A new periodic flow (liquidation, algo
 * triggers, interest) is one line in a list.
 */
import { fireAlgoTriggers, runSchedules } from '../algo/index.ts';
import type { CommandContext } from '../core/context.ts';
import { dueBoundary, settleBoundary, settleDueFunding } from '../funding/index.ts';
import { advanceMoneyInFlight } from '../funds/index.ts';
import { chargeInterest } from '../lending/index.ts';
import { cancelRiskAddingOrders, liquidateAccounts } from '../liquidation/index.ts';
import { watchAccountStatus } from '../positions/index.ts';
import { confirmPendingCancels, pruneFinishedOrders, releaseDelayedOrders } from '../trading/index.ts';
import { advanceMarket, advanceOpenInterest } from '../venue-link/index.ts';
import { runMarketMakers } from './house.ts';
import { passTickTime } from './venue-clock.ts';

export interface Tick {
  /** Venue time that passes in this tick (ms), already scaled by SIM_SPEED. */
  elapsedMs: number;
  /** The operator's fast-forward: elapsedMs passes from now, not from the last tick's end (the market clock's rhythm). */
  fromNow?: boolean;
  /** Finished client orders older than this leave engine state; absent (ticks journaled before retention existed): none do. */
  orderRetentionMs?: number;
}

export type TickPhase = (ctx: CommandContext, tick: Tick) => void;

/** Once a tick, at its end: order bookkeeping that needs no time to pass. */
const BOOKKEEPING: readonly TickPhase[] = [
  confirmPendingCancels, // decisions E1: CANCEL_PENDING until the venue confirms on the next tick
  releaseDelayedOrders, // fault LATENCY: held-back submissions whose ticks ran out
  pruneFinishedOrders, // engine memory bounded by the order retention
];

/** For every stretch of venue time that passes (none in a 0 ms tick), in this order. */
const MARKET: readonly TickPhase[] = [
  advanceMarket, // reference, index and mark prices
  advanceOpenInterest,
  advanceMoneyInFlight, // deposits, chain transfers and withdrawals whose time came (decisions N2)
  chargeInterest, // MARGIN debts: interest at every full hour (research-perps.md §3)
  runMarketMakers, // liquidity agents quote and take through the normal order path
  watchAccountStatus, // client accounts whose status the prices or their own changes may have moved
  cancelRiskAddingOrders, // decisions L3: at CANCEL_OPEN the orders that add risk go
  liquidateAccounts, // decisions L8: the accounts the watch found LIQUIDATING or TAKEOVER
  runSchedules, // TWAP / VWAP slices whose venue time came, and their endTime (decisions M3)
  fireAlgoTriggers, // algo legs the trades and new marks reached (decisions M1)
];

function passStretch(ctx: CommandContext, tick: Tick, elapsedMs: number): void {
  if (elapsedMs > 0) for (const phase of MARKET) phase(ctx, { ...tick, elapsedMs });
}

/**
 * The tick's venue time is cut at the funding boundaries it crosses (decisions L7): the market moves
 * to each boundary (its share of the tick's elapsed time), the boundary is settled at the prices of
 * that moment, and the market goes on; so a fast-forward across three boundaries settles each at
 * its own rate and mark.
 */
export const tickHandlers = {
  tick(ctx: CommandContext, cmd: Tick): void {
    const { from, to } = passTickTime(ctx.state.clock, ctx.ts, cmd.elapsedMs, cmd.fromNow ?? false);
    for (const phase of BOOKKEEPING) phase(ctx, cmd);
    let at = from;
    let left = cmd.elapsedMs;
    for (let boundary = dueBoundary(ctx.state, to); boundary !== undefined; boundary = dueBoundary(ctx.state, to)) {
      // A boundary passed before the stretch (the server was down) is settled at once, at the prices now.
      const share = boundary > at ? Math.round((left * (boundary - at)) / (to - at)) : 0;
      ctx.passTime(Math.max(ctx.ts, boundary));
      passStretch(ctx, cmd, share);
      settleBoundary(ctx, boundary);
      left -= share;
      at = Math.max(at, boundary);
    }
    ctx.passTime(Math.max(ctx.ts, to));
    passStretch(ctx, cmd, left);
    settleDueFunding(ctx);
  },
};
