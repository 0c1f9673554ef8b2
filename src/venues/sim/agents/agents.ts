/**
 * Liquidity agents: pure functions from (instrument, reference price, the agent's own open orders,
 * book top, elapsed time, the engine's seeded rng) to intents. The engine runs them on each Tick
 * through the normal order path with house accounts; these functions only decide.
 *
 * The market maker quotes `levels` prices a side on a fixed grid (a round multiple of the tick near
 * `levelStepBps`) just outside the reference ± half spread. An order keeps its place while its grid
 * price is still wanted, so a reference that moves one grid step costs a cancel and a place a side,
 * not a requote. When the reference walks past a resting client order, the maker's quotes on the
 * other side of the reference cross it and fill it; takers send occasional IOC orders reaching
 * `takerReachBps` past the reference.
 */
import { sizeWorth, unitValue, type Instrument } from '../../../domain/instrument.ts';
import { add, asRate, max, min, mul, ONE, roundToStep, scale, sub, times, type Amount, type Price, type Rate, type Size } from '../../../domain/money.ts';
import { ASSET_BY_BASE } from '../market/index.ts';
import type { LiquidityProfile } from '../instruments/index.ts';
import { nextFloat, type RngState } from '../random/index.ts';
import type { TopOfBook } from '../../venue.ts';
import type { Side, TimeInForce } from '../../../domain/market.ts';

/** An agent's open order as it sees it: the engine's own orders satisfy it, so none is copied per tick. */
export interface OwnOrder {
  readonly orderId: string;
  readonly side: Side;
  readonly limitPrice: Price;
}

export interface OrderIntent {
  sym: string;
  side: Side;
  type: 'LIMIT';
  timeInForce: TimeInForce;
  price: Price;
  quantity: Size;
}

export interface Intents {
  cancel: string[];
  place: OrderIntent[];
}

export interface AgentView {
  instrument: Instrument;
  profile: LiquidityProfile;
  /** The reference price of the instrument's base (any precision). */
  reference: Price;
  rng: RngState;
}

/** Market maker: the grid it wants now against what it has; cancels the rest, fills the gaps. */
export function marketMakerIntents(view: AgentView, own: readonly OwnOrder[]): Intents {
  const { missing, cancel } = gridGaps(view, own);
  const place: OrderIntent[] = [];
  const notional = levelNotional(view);
  for (const side of SIDES) {
    for (const { price, level } of missing[side]) {
      const size = scaled(notional, (0.5 + nextFloat(view.rng)) * (1 + level / 4));
      place.push({ sym: view.instrument.sym, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity: limitQuantity(view.instrument, size, price) });
    }
  }
  return { cancel, place };
}

/**
 * The market maker of a book that is not quoted (its business type is not traded yet): it draws from
 * the rng exactly as marketMakerIntents would, so the draws of every later book stay what they have
 * always been, and works out nothing else.
 */
export function idleMarketMaker(view: AgentView, own: readonly OwnOrder[]): void {
  const { missing } = gridGaps(view, own);
  for (const side of SIDES) for (let level = 0; level < missing[side].length; level++) nextFloat(view.rng);
}

const SIDES = ['BUY', 'SELL'] as const;

/** The levels a side a market maker may quote: it keeps a bit of a small integer for each. */
const MAX_LEVELS = 30;

/** A grid level no own order holds: its price and its place (0: the inner price). */
interface GridGap {
  price: Price;
  level: number;
}

/** The grid levels wanted now that no own order holds (inner first), and the own orders off the grid. */
function gridGaps(view: AgentView, own: readonly OwnOrder[]): { missing: Record<Side, GridGap[]>; cancel: string[] } {
  const { instrument, profile, reference } = view;
  if (profile.levels > MAX_LEVELS) throw new RangeError(`a market maker quotes at most ${MAX_LEVELS} levels a side`);
  const grid = gridStep(instrument.tickSize, mul(reference, bps(profile.levelStepBps)));
  const halfSpread = mul(reference, bps(profile.halfSpreadBps), 'up');
  const inner = {
    BUY: roundToStep(sub(reference, halfSpread), grid, 'down'),
    SELL: roundToStep(add(reference, halfSpread), grid, 'up'),
  };
  // The grid's prices, inner first; an own order's level is found by comparing prices (bigint arithmetic would allocate),
  // and held levels are kept as bits (levels ≤ MAX_LEVELS): this runs for every book on every tick.
  const prices: Record<Side, Price[]> = { BUY: [], SELL: [] };
  for (let level = 0, bid = inner.BUY, ask = inner.SELL; level < profile.levels; level++, bid = sub(bid, grid), ask = add(ask, grid)) {
    prices.BUY.push(bid);
    prices.SELL.push(ask);
  }
  const held: Record<Side, number> = { BUY: 0, SELL: 0 };
  const cancel: string[] = [];
  for (const order of own) {
    const level = prices[order.side].indexOf(order.limitPrice);
    const bit = level < 0 ? 0 : 1 << level;
    if (bit === 0 || (held[order.side] & bit) !== 0) cancel.push(order.orderId);
    else held[order.side] |= bit;
  }
  const missing: Record<Side, GridGap[]> = { BUY: [], SELL: [] };
  for (let level = 0; level < profile.levels; level++) {
    if ((held.BUY & (1 << level)) === 0 && prices.BUY[level] > 0n) missing.BUY.push({ price: prices.BUY[level], level });
    if ((held.SELL & (1 << level)) === 0) missing.SELL.push({ price: prices.SELL[level], level });
  }
  return { missing, cancel };
}

/**
 * Takers: now and then (a Poisson rate per simulated minute) one IOC order reaching past the
 * reference, sent only when the book's top on the other side is within reach.
 */
export function takerIntents(view: AgentView, top: TopOfBook, simulatedMs: number): OrderIntent[] {
  const { instrument, profile, reference } = view;
  const chance = 1 - Math.exp((-profile.takersPerMinute * simulatedMs) / 60_000);
  if (nextFloat(view.rng) >= chance) return [];
  const side: Side = nextFloat(view.rng) < 0.5 ? 'BUY' : 'SELL';
  const reach = mul(reference, bps(profile.takerReachBps));
  const price = side === 'BUY' ? roundToStep(add(reference, reach), instrument.tickSize, 'up') : roundToStep(sub(reference, reach), instrument.tickSize, 'down');
  const other = side === 'BUY' ? top.ask : top.bid;
  if (price <= 0n || !other || (side === 'BUY' ? other[0] > price : other[0] < price)) return [];
  const notional = scaled(levelNotional(view), 0.2 + nextFloat(view.rng));
  return [{ sym: instrument.sym, side, type: 'LIMIT', timeInForce: 'IOC', price, quantity: limitQuantity(instrument, notional, price) }];
}

/** Quantity worth `notional` at `price` (contracts where the instrument counts them), within the instrument's limits. */
export function limitQuantity(instrument: Instrument, notional: Amount, price: Price): Size {
  const value = unitValue(instrument, price, 'up');
  const lot = instrument.lotSize;
  const wanted = roundToStep(sizeWorth(notional, value, 'down'), lot, 'down');
  const smallest = max(instrument.minSize, roundToStep(sizeWorth(instrument.minNotional, value, 'up'), lot, 'up'));
  return min(max(wanted, smallest), roundToStep(instrument.maxLimitSize, lot, 'down'));
}

function levelNotional(view: AgentView): Amount {
  return scaled(view.profile.levelNotional, ASSET_BY_BASE.get(view.instrument.base)?.depth ?? 1);
}

/** A round number of ticks (1, 2 or 5 × 10^k) close to `target`, at least one tick. */
function gridStep(tick: Price, target: Price): Price {
  const ticks = target / tick;
  let step = 1n;
  while (step * 10n <= ticks) step *= 10n;
  const multiple = ticks >= step * 5n ? 5n : ticks >= step * 2n ? 2n : 1n;
  return times(tick, step * multiple);
}

/** Basis points as a rate, worked out once per value: a profile has a handful, asked for every book on every tick. */
const BPS_RATES = new Map<number, Rate>();
function bps(value: number): Rate {
  let rate = BPS_RATES.get(value);
  if (rate === undefined) BPS_RATES.set(value, (rate = asRate(BigInt(Math.round(value * 1e4)) * (ONE / 10n ** 8n))));
  return rate;
}

/** `value` × a drawn factor, carried with 6 decimals, rounded down. */
function scaled(value: Amount, factor: number): Amount {
  return scale(value, BigInt(Math.round(factor * 1e6)), 1_000_000n, 'down');
}
