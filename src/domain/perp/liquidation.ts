/**
 * The arithmetic of liquidation (decisions L8; research-perps.md §1.2, §1.5, §2): how far one step brings a
 * position down (tier by tier), the worst price at which the book may take it while the insurance fund still
 * covers what the account would lose, the bankruptcy price at which ADL settles it, and the ADL ranking.
 * Sizes are in the instrument's unit; `base` quantities are base coin, signed as the position (+ long).
 */
import { sizeWorth, unitValue, type Instrument } from '../instrument.ts';
import { add, div, mul, ONE, roundToStep, sub, ZERO, type Amount, type Price, type Qty, type Rate, type Size } from '../money.ts';
import type { RiskTier, RiskTierTable } from './tiers.ts';

/**
 * The size a position of `tier` keeps when one step brings it to the cap of the tier below (on the lot grid);
 * 0 from tier 1, where it is closed in full.
 */
export function sizeKeptBelowTier(table: RiskTierTable, tier: RiskTier, instrument: Instrument, mark: Price): Size {
  const below = table.tiers[table.tiers.indexOf(tier) - 1];
  if (below === undefined) return ZERO;
  const fits = table.measure === 'size' ? (below.cap as Size) : sizeWorth(below.cap as Amount, unitValue(instrument, mark, 'up'), 'down');
  return roundToStep(fits, instrument.lotSize, 'down');
}

/**
 * The limit price of closing `base` against the book so that the account's equity (at the marks, before the
 * close) ends at −cover or above, the taker fee counted: a long sells at it or higher (0: at any price), a
 * short buys at it or lower (0: at no price). On the tick grid, rounded toward the covered side.
 */
export function coveredClosePrice(base: Qty, mark: Price, equity: Amount, cover: Amount, takerFeeRate: Rate, tickSize: Price): Price {
  const long = base > 0n;
  const size = long ? base : (-base as Qty);
  const reserve = add(equity, cover);
  const price = long
    ? div(sub(mul(mark, size, 'up'), reserve), mul(size, sub(ONE as Rate, takerFeeRate), 'down'), 'up')
    : div(add(mul(mark, size, 'down'), reserve), mul(size, add(ONE as Rate, takerFeeRate), 'up'), 'down');
  const onGrid = roundToStep(price, tickSize, long ? 'up' : 'down');
  return onGrid > 0n ? onGrid : ZERO;
}

/**
 * The bankruptcy price of closing `base`: where the account's equity (at the marks, before the close) ends at
 * 0, on the tick grid rounded in the account's favour (a long sells at it or higher, a short buys at it or
 * lower; 0 as for coveredClosePrice).
 */
export function bankruptcyPrice(base: Qty, mark: Price, equity: Amount, tickSize: Price): Price {
  return coveredClosePrice(base, mark, equity, ZERO, ZERO, tickSize);
}

/**
 * A position's ADL score (research-perps.md §1.5): PnL % × effective leverage in profit, PnL % / effective
 * leverage at a loss, with PnL % = uPnL / entry value and effective leverage = notional / the equity of the
 * account that carries it (cross margin). The higher, the sooner ADL reduces it.
 */
export function adlScore(upnl: Amount, entryValue: Amount, notional: Amount, equity: Amount): Rate {
  if (entryValue <= 0n) return ZERO;
  const pnl = div(upnl, entryValue, 'down');
  const leverage = div(notional, equity > 0n ? equity : (1n as Amount), 'down');
  if (pnl > 0n) return mul(pnl, leverage, 'down');
  return leverage > 0n ? div(pnl, leverage, 'down') : pnl;
}

/** The quintile shown as adlRank of the position `rank`-th in ADL order (0: reduced first) of `count`: 5 for the first fifth … 1 for the last. */
export function adlQuintile(rank: number, count: number): number {
  return 5 - Math.floor((rank * 5) / count);
}
