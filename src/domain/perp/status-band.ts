/**
 * How far prices may move before an account's status (decisions L3) can change, so that an index can
 * leave an account alone until one of its prices leaves its band.
 *
 * Every status boundary is a sign change of a guard: validMargin − k·maintenance for each level k of
 * the thresholds, and equity (TAKEOVER). Moving one price by ΔP moves every guard by at most S·|ΔP|,
 * S the exposure's sensitivity: a position of |q| base coin moves uPnL (and equity) by |q|·ΔP and its
 * maintenance margin by |q|·mmr·ΔP, so a guard by |q|·(1 + k·mmr) at most, with the highest level k and
 * the mmr of the highest tier the band reaches (the tables' `cum` keeps maintenance margin continuous
 * across tiers); a collateral coin of equity e moves its value by |e|·ΔP (its discount only lowers that).
 * The account's slack, the smallest |guard| less a margin for rounding, is shared equally by its n
 * prices: while each stays within slack / (n·S) of where it was, Σ S·|ΔP| < slack and no guard changes
 * sign, whatever the other prices do. A band is also never wider than `widest` of its price, the range
 * the tier bound holds for.
 */
import { abs, add, div, min, mul, ONE, sub, sum, times, ZERO, type Amount, type Price, type Qty, type Rate, type Size } from '../money.ts';
import type { StatusThresholds } from './margin.ts';
import { tierOf, type RiskTierTable } from './tiers.ts';

/** One price an account depends on, and how fast its guards can move with it. */
export interface PriceExposure {
  /** Names the price (a perp's mark, a coin's index). */
  key: string;
  price: Price;
  /** Base coin whose value moves one for one with the price: the bound S above. */
  sensitivity: Qty;
}

/** The range of one price within which, with every other price within its own band, the status holds. */
export interface PriceBand {
  key: string;
  low: Price;
  high: Price;
}

/** The widest band: ±25 % of the price. */
export const WIDEST_BAND = (ONE / 4n) as Rate;

/** Absorbs the last-unit roundings of the account's figures (each sum holds a few hundred of 10^-18). */
const ROUNDING_MARGIN = 10n ** 9n;

/** The smallest distance of any guard from 0, less the rounding margin; 0 when a guard is at its boundary. */
export function statusSlack(validMargin: Amount, maintenance: Amount, equity: Amount, thresholds: StatusThresholds): Amount {
  const levels = [thresholds.marginCall, thresholds.cancelOpen, thresholds.liquidation];
  const guards = [...levels.map((k) => sub(validMargin, mul(maintenance, k))), equity];
  const slack = sub(guards.map(abs).reduce((a, b) => min(a, b)), ROUNDING_MARGIN as Amount);
  return slack > 0n ? slack : ZERO;
}

/** S of one position: |q|·(1 + k·mmr), mmr of the tier its size reaches at the top of the widest band. */
export function positionSensitivity(table: RiskTierTable, base: Qty, size: Size, mark: Price, thresholds: StatusThresholds): Qty {
  const held = abs(base);
  const top = mul(add(mark, mul(mark, WIDEST_BAND, 'up')), held, 'up');
  const { mmRate } = tierOf(table, { notional: top, size: abs(size) });
  return mul(held, add(ONE as Rate, mul(thresholds.marginCall, mmRate, 'up')), 'up');
}

/** The band of every price the account depends on (exposures of one key add up); none when no price moves it. */
export function statusBands(slack: Amount, exposures: readonly PriceExposure[]): PriceBand[] {
  const byKey = new Map<string, PriceExposure>();
  for (const exposure of exposures) {
    if (exposure.sensitivity === 0n || exposure.price <= 0n) continue;
    const same = byKey.get(exposure.key);
    byKey.set(exposure.key, same ? { ...same, sensitivity: sum([same.sensitivity, abs(exposure.sensitivity)]) } : { ...exposure, sensitivity: abs(exposure.sensitivity) });
  }
  return [...byKey.values()].map(({ key, price, sensitivity }) => {
    const reach = min(div(slack, times(sensitivity, byKey.size), 'down'), mul(price, WIDEST_BAND, 'down'));
    return { key, low: sub(price, reach), high: add(price, reach) };
  });
}
